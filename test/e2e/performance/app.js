// The performance scenario's app script: a slow click handler (for INP and FID), a banner
// pushed in above the content (for CLS) and a few fetches (resources of type 'other').
document.getElementById('slow').addEventListener('click', function () {
  var end = performance.now() + 150;
  while (performance.now() < end);
  this.textContent = 'done';
});

setTimeout(function () {
  var banner = document.createElement('div');
  banner.style.height = '160px';
  banner.textContent = 'a late banner';
  document.body.insertBefore(banner, document.body.firstChild);
}, 150);

fetch('/perf-data.json');
fetch('/perf-data.json?again');
