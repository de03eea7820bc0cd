// Behaviour every page shares, kept out of the HTML so the Content-Security-Policy allows no inline script.

// <form data-confirm="Are you sure?">: ask before submitting.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset ? event.target.dataset.confirm : null;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// data-send-value-as="q" on an htmx element: send its current value under that name.
document.addEventListener("htmx:configRequest", (event) => {
  const element = event.detail.elt;
  const name = element && element.dataset ? element.dataset.sendValueAs : null;
  if (name) {
    event.detail.parameters[name] = element.value;
  }
});
