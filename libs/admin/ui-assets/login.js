// Says why the server sent the user back to the form (it redirects with ?failed=1 or ?throttled=<seconds>).
/* global document, location, URLSearchParams -- browser globals */
const params = new URLSearchParams(location.search);
const message = document.getElementById('login-message');

function show(text) {
  message.textContent = text;
  message.hidden = false;
}

const throttled = params.get('throttled');
if (throttled !== null) {
  const seconds = Number.parseInt(throttled, 10);
  show(Number.isFinite(seconds) && seconds > 0
    ? `Too many failed sign-ins. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
    : 'Too many failed sign-ins. Try again later.');
} else if (params.has('failed')) {
  show('Wrong user name or password.');
  document.getElementById('password').focus();
}
