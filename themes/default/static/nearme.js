/* Near me: a place typed in the visitor's own words, distances in their unit, a radius, and the
   groups that meet online kept apart from those nearby. search.js calls it through PeerNear.
   - the towns' lists (towns/<country>.json, written at build time, a few tens of kB each) are
     fetched only when the visitor opens near-me, all of the site's countries together, and the
     typed town is matched here: no request says which town, nor which country;
   - a town is found whatever its case, accents or punctuation ("saint etienne"), with or
     without its country ("Lyon, France", "Lyon France") or region ("Springfield, Illinois"),
     and in any language the lists hold ("ليون", "Londres"); a name several towns share offers
     them all, unless one is far the largest ("London" is London, England);
   - distances are in the page's unit (miles on an American or British English page), said
     "about" when either end is only a town.
   No inline code: loaded under a Content-Security-Policy without 'unsafe-inline'. */
(function () {
  "use strict";

  var KM_PER_MILE = 1.609344;
  var RADII = [5, 10, 25, 50, 100];
  var CLEAR_LEAD = 5; // as the build's gazetteer: "Lyon" is Lyon, "Springfield" needs its state
  var MAX_CHOICES = 12;

  /* A place name as compared: no case, accents, or punctuation (as gazetteer.fold); Arabic
     without its short vowels, tatweel or hamza seat, and with ى/ي and ة/ه as one. */
  function fold(text) {
    var plain = String(text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    plain = plain.replace(/ß/g, "ss").replace(/\u0640/g, "").replace(/ى/g, "ي").replace(/ة/g, "ه");
    return plain.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b.lat - a.lat) * rad;
    var dLon = (b.lon - a.lon) * rad;
    var h = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /* --- the towns' lists ------------------------------------------------------------------ */

  function indexCountry(code, data) {
    var country = { code: code, names: (data.n || []).map(fold), regions: data.r || {},
      areas: data.a || {}, byName: Object.create(null) };
    (data.t || []).forEach(function (row, rank) {
      var names = String(row[0]).split("|");
      var town = { names: names, lat: row[1] / 100, lon: row[2] / 100, region: row[3] || "",
        population: row[4] || 0, rank: rank, country: country };
      names.forEach(function (name) {
        var key = fold(name);
        var list = country.byName[key] || (country.byName[key] = []);
        if (list.indexOf(town) < 0) {
          list.push(town);
        }
      });
    });
    return country;
  }

  function Near(panel, options) {
    this.panel = panel;
    this.options = options;
    this.lang = document.documentElement.lang;
    this.miles = options.miles;
    this.loaded = null;
  }

  Near.prototype.label = function (name) {
    return this.panel.getAttribute("data-label-" + name) || "";
  };

  /* A label with its placeholders filled; a function, so "$&" typed by the visitor stays. */
  Near.prototype.fill = function (name, values) {
    return this.label(name).replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  };

  /* Fetch every covered country's list, once (again after a failure). */
  Near.prototype.load = function () {
    var self = this;
    if (!this.loaded) {
      var base = this.panel.getAttribute("data-towns");
      var codes = (this.panel.getAttribute("data-countries") || "").split(" ").filter(Boolean);
      this.loaded = Promise.all(codes.map(function (code) {
        return fetch(base + code + ".json", { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) {
            throw new Error("towns " + response.status);
          }
          return response.json();
        }).then(function (data) {
          return indexCountry(code.toUpperCase(), data);
        });
      }));
      this.loaded.catch(function () {
        self.loaded = null;
      });
    }
    return this.loaded;
  };

  /* The towns a text names: the most specific reading first ("Springfield, Illinois, United
     States" before "Springfield"), so a country or region narrows and never hides a town. */
  function candidates(countries, text) {
    var wanted = fold(text);
    var readings = [];
    countries.forEach(function (country) {
      country.names.forEach(function (name) {
        if (name && wanted.length > name.length && wanted.slice(-name.length - 1) === " " + name) {
          readings.push({ name: wanted.slice(0, -name.length - 1), country: country });
        }
      });
    });
    readings.push({ name: wanted, country: null });
    var withRegions = [];
    readings.forEach(function (reading) {
      (reading.country ? [reading.country] : countries).forEach(function (country) {
        Object.keys(country.regions).forEach(function (code) {
          [fold(country.regions[code]), fold(code)].forEach(function (region) {
            var tail = " " + region;
            if (reading.name.length > tail.length && reading.name.slice(-tail.length) === tail) {
              withRegions.push({ name: reading.name.slice(0, -tail.length), country: country, region: code });
            }
          });
        });
      });
    });
    var all = withRegions.concat(readings);
    for (var i = 0; i < all.length; i++) {
      var reading = all[i];
      var found = [];
      (reading.country ? [reading.country] : countries).forEach(function (country) {
        (country.byName[reading.name] || []).forEach(function (town) {
          if (!reading.region || town.region === reading.region) {
            found.push(town);
          }
        });
      });
      // a town's own name before another town's name in some language: "Valence" is the
      // French town, not Valencia in French
      var own = found.filter(function (town) { return fold(town.names[0]) === reading.name; });
      if (found.length) {
        return { towns: own.length ? own : found, name: reading.name };
      }
    }
    return { towns: [], name: wanted };
  }

  /* How a town is named to the visitor: by the name they typed when the list holds it (so
     "ليون" stays Arabic), its region when its country has another town of that name, and its
     country in the page's language. Where the gazetteer has no name for the region, choices
     name its largest town ("Valence, Lyon area"), which is only a hint of where it is. */
  Near.prototype.townLabel = function (town, typed, withRegion, withArea) {
    var name = town.names[0];
    town.names.forEach(function (each) {
      if (fold(each) === typed) {
        name = each;
      }
    });
    var parts = [name];
    if (withRegion) {
      var region = town.country.regions[town.region];
      var area = town.country.areas[town.region];
      if (region) {
        parts.push(region);
      } else if (withArea && area && town.names.map(fold).indexOf(fold(area)) < 0) {
        parts.push(this.fill("area", { town: area }));
      }
    }
    parts.push(this.countryName(town.country.code));
    return parts.join(/^ar\b/.test(this.lang) ? "، " : ", ");
  };

  Near.prototype.countryName = function (code) {
    try {
      return new Intl.DisplayNames([this.lang], { type: "region" }).of(code) || code;
    } catch (error) {
      return code;
    }
  };

  /* Find what the visitor typed: one town, the choices, or nothing. */
  Near.prototype.find = function (text) {
    var self = this;
    return this.load().then(function (countries) {
      var found = candidates(countries, text);
      var towns = found.towns.slice().sort(function (a, b) {
        return b.population - a.population || a.rank - b.rank;
      });
      if (!towns.length) {
        return { towns: [] };
      }
      var clear = towns.length === 1 ||
        towns[0].population >= CLEAR_LEAD * Math.max(towns[1].population, 1);
      var shown = clear ? towns.slice(0, 1) : towns.slice(0, MAX_CHOICES);
      return {
        towns: shown.map(function (town) {
          // its region, when its country has another town of its name (even one the
          // visitor's "Springfield, Illinois" has already set aside)
          var namesakes = town.country.byName[fold(town.names[0])] || [];
          return {
            lat: town.lat,
            lon: town.lon,
            label: self.townLabel(town, found.name, namesakes.length > 1, !clear)
          };
        })
      };
    });
  };

  /* --- distances ------------------------------------------------------------------------- */

  Near.prototype.unitValue = function (km) {
    return this.miles ? km / KM_PER_MILE : km;
  };

  Near.prototype.formatUnits = function (value, digits) {
    var unit = this.miles ? "mile" : "kilometer";
    try {
      return new Intl.NumberFormat(this.lang, {
        style: "unit", unit: unit, unitDisplay: "short", maximumFractionDigits: digits
      }).format(value);
    } catch (error) {
      return value.toFixed(digits) + (this.miles ? " mi" : " km");
    }
  };

  /* "3.2 km" between two exact places; "about 3 km" when either is only a town. */
  Near.prototype.formatDistance = function (km, approximate) {
    var value = this.unitValue(km);
    if (approximate) {
      return this.fill("about", { distance: this.formatUnits(Math.max(1, Math.round(value)), 0) });
    }
    return this.formatUnits(value, value < 10 ? 1 : 0);
  };

  /* Order a result set's data by distance from `near` (within `within` units, 0 for any):
     the groups nearby first, nearest first; in-person ones without a place after them (only
     at any distance); then those that meet online, and hybrid ones beyond the radius; guides
     last. Return the order as [{index, meta}] (meta: what to add to the result's own), and
     how many are nearby. */
  Near.prototype.arrange = function (all, near, within) {
    var self = this;
    var limit = within ? within * (this.miles ? KM_PER_MILE : 1) : Infinity;
    var nearby = [];
    var unknown = [];
    var online = [];
    var other = [];
    all.forEach(function (data, index) {
      var meta = (data && data.meta) || {};
      var mode = String(meta.mode || "").split(" ");
      var attendance = mode[0];
      var km = meta.lat && meta.lon ? distanceKm(near, { lat: Number(meta.lat), lon: Number(meta.lon) }) : NaN;
      var item = { index: index, km: km, meta: { distance: "", group: "" } };
      if (isFinite(km)) {
        item.meta.distance = self.formatDistance(km, near.approximate || mode.indexOf("approximate") > 0);
      }
      if (!attendance) {
        if (!within) {
          other.push(item);
        }
      } else if (attendance === "online") {
        item.meta.distance = self.label("online");
        online.push(item);
      } else if (isFinite(km) && km <= limit) {
        nearby.push(item);
      } else if (attendance === "hybrid") {
        online.push(item);
      } else if (!isFinite(km) && !within) {
        item.meta.distance = self.label("unknown");
        unknown.push(item);
      }
    });
    nearby.sort(function (a, b) { return a.km - b.km || a.index - b.index; });
    var close = nearby.concat(unknown);
    if (close.length && (online.length || other.length)) {
      close[0].meta.group = this.label("nearby");
    }
    if (online.length) {
      online[0].meta.group = this.label("online-group");
    }
    if (other.length) {
      other[0].meta.group = this.label("guides");
    }
    return { items: close.concat(online, other), nearby: nearby.length };
  };

  /* A sentence for the status line: what the order is, and where online groups went. */
  Near.prototype.describe = function (nearby, within) {
    if (within && !nearby) {
      return this.fill("none-within", { distance: this.formatUnits(within, 0) });
    }
    return this.label("online-apart");
  };

  /* --- the panel ------------------------------------------------------------------------- */

  /* Wire the panel: the radius menu (in the page's unit), the town field and its choices.
     hooks.place({lat, lon, approximate}, label) is called with the place chosen;
     hooks.within(number) when the radius changes; hooks.status(text) to say something. */
  Near.prototype.setup = function (within, hooks) {
    var self = this;
    var panel = this.panel;
    var input = panel.querySelector("[data-near-town]");
    var choices = panel.querySelector("[data-near-choices]");
    var radius = panel.querySelector("[data-near-within]");

    RADII.forEach(function (value) {
      var option = document.createElement("option");
      option.value = String(value);
      option.textContent = self.formatUnits(value, 0);
      radius.appendChild(option);
    });
    radius.value = RADII.indexOf(within) >= 0 ? String(within) : "";
    radius.addEventListener("change", function () {
      hooks.within(Number(radius.value) || 0);
    });

    // the lists are fetched once the visitor opens near-me, while they type
    panel.addEventListener("toggle", function () {
      if (panel.open) {
        self.load().catch(function () {});
      }
    });

    function clearChoices() {
      choices.hidden = true;
      choices.textContent = "";
    }

    function offer(towns, typed) {
      clearChoices();
      var heading = document.createElement("p");
      heading.id = "near-choices-label";
      heading.textContent = self.fill("choose", { town: typed });
      var list = document.createElement("ul");
      list.setAttribute("aria-labelledby", heading.id);
      towns.forEach(function (town) {
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button-secondary";
        button.textContent = town.label;
        button.addEventListener("click", function () {
          clearChoices();
          input.value = town.label;
          input.focus();
          hooks.place({ lat: town.lat, lon: town.lon, approximate: true }, town.label);
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      choices.appendChild(heading);
      choices.appendChild(list);
      choices.hidden = false;
      // said once, where the choices are: focus moves to the question, which a screen reader
      // reads, and the buttons follow it
      hooks.status("");
      heading.tabIndex = -1;
      heading.focus();
    }

    function apply() {
      var typed = (input.value || "").trim();
      clearChoices();
      if (!typed) {
        return;
      }
      hooks.status(self.label("loading"));
      self.find(typed).then(function (found) {
        if (!found.towns.length) {
          hooks.status(self.fill("unknown-town", { town: typed }));
        } else if (found.towns.length === 1) {
          var town = found.towns[0];
          hooks.place({ lat: town.lat, lon: town.lon, approximate: true }, town.label);
        } else {
          offer(found.towns, typed);
        }
      }, function () {
        hooks.status(self.label("failed"));
      });
    }

    panel.querySelector("[data-near-apply]").addEventListener("click", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        apply();
      }
    });
  };

  window.PeerNear = {
    create: function (panel, options) {
      return new Near(panel, options);
    },
    fold: fold,
    RADII: RADII
  };
})();
