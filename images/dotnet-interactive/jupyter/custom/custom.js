// Sandbox: charts without internet. Plotly.NET.Interactive (and plotly's other notebook renderers) load plotly.js from
// its public CDN through RequireJS; a notebook's browser may not reach it, and the notebook should not make the
// analyst's browser call a third party. Such paths are pointed at the copy this notebook server holds
// ({base_url}nbextensions/sandbox-plotly/plotly.min.js, taken from Plotly.NET when the image was built).
(function () {
  "use strict";
  var cdnPlotly = /^https:\/\/cdn\.plot\.ly\/plotly-[0-9.]+(\.min)?(\.js)?$/;
  var base = document.body.getAttribute("data-base-url") || "/";
  var local = base + "nbextensions/sandbox-plotly/plotly.min";
  var configure = window.requirejs && window.requirejs.config;
  if (!configure) {
    return;
  }
  window.requirejs.config = function (config) {
    var paths = config && config.paths;
    if (paths) {
      Object.keys(paths).forEach(function (name) {
        if (cdnPlotly.test(String(paths[name]))) {
          paths[name] = local;
        }
      });
    }
    return configure.apply(this, arguments);
  };
})();
