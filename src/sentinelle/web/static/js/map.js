// The map page: regions shaded by risk, cercle outlines, events coloured by type and sized by
// fatalities. Data comes from the JSON API of the same origin; no tiles, no CDN.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || typeof L === "undefined") { return; }

  var TYPE_COLOURS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#8e44ad",
    "Violence against civilians": "#d35400",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d"
  };
  var RISK_COLOURS = {
    none: "#f4f1e8", low: "#f9e79f", medium: "#f5b041", high: "#e67e22", critical: "#c0392b"
  };

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response.json();
      });
  }

  function radius(fatalities) {
    return 4 + 2 * Math.sqrt(Math.max(0, fatalities || 0));
  }

  var map = L.map(el, { zoomSnap: 0.25, attributionControl: true }).setView([17.5, -3.5], 5.25);
  map.attributionControl.addAttribution("Boundaries: OCHA COD-AB (CC BY 3.0 IGO)");

  var legend = document.getElementById("legend");
  Object.keys(TYPE_COLOURS).forEach(function (type) {
    var item = document.createElement("li");
    var swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = TYPE_COLOURS[type];
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(" " + type));
    if (legend) { legend.appendChild(item); }
  });

  Promise.all([getJSON(el.dataset.admin1Url), getJSON(el.dataset.regionsUrl)])
    .then(function (results) {
      var risk = {};
      results[1].items.forEach(function (region) { risk[region.pcode] = region; });
      var layer = L.geoJSON(results[0], {
        style: function (feature) {
          var region = risk[feature.properties.admin1Pcod] || { risk: "none" };
          return { color: "#555", weight: 1.5, fillColor: RISK_COLOURS[region.risk] || RISK_COLOURS.none,
                   fillOpacity: 0.6, className: "region region-risk-" + region.risk };
        },
        onEachFeature: function (feature, shape) {
          var region = risk[feature.properties.admin1Pcod];
          var text = feature.properties.admin1Name;
          if (region) { text += ": " + region.events + " / " + region.fatalities + " / " + region.risk; }
          shape.bindTooltip(text);
        }
      }).addTo(map);
      map.fitBounds(layer.getBounds());
      return getJSON(el.dataset.admin2Url);
    })
    .then(function (cercles) {
      L.geoJSON(cercles, { style: { color: "#999", weight: 0.5, fill: false, className: "cercle" },
                           interactive: false }).addTo(map);
      if (!el.dataset.eventsUrl) { return null; }
      return getJSON(el.dataset.eventsUrl);
    })
    .then(function (events) {
      if (!events) { return; }
      L.geoJSON(events, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          return L.circleMarker(latlng, {
            radius: radius(p.fatalities), color: "#222", weight: 1,
            fillColor: TYPE_COLOURS[p.event_type] || "#333", fillOpacity: 0.85,
            className: "event-marker"
          });
        },
        onEachFeature: function (feature, marker) {
          var p = feature.properties;
          var link = document.createElement("a");
          link.href = "/events/" + p.id;
          link.textContent = p.event_date + " " + p.event_type + " " + (p.location || "") +
            " (" + (p.fatalities === null ? "?" : p.fatalities) + ")";
          marker.bindPopup(link);
        }
      }).addTo(map);
      el.dataset.eventsShown = String(events.features.length);
    })
    .catch(function (error) { el.dataset.error = String(error); });
})();
