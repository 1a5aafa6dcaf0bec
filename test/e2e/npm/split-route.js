// A route of the code-split app, loaded on demand: a chunk file of the app's own.
export const show = () =>
  new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/split/app.css';
    document.head.appendChild(css);
    const img = new Image();
    img.onload = resolve;
    img.onerror = reject;
    img.src = '/split/logo.png';
    document.body.appendChild(img);
  });
