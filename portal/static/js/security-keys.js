// Security keys (WebAuthn) for staff: the browser side of adding a key and of signing in with one.
// The server sends the options as JSON with base64url fields; the browser's API wants ArrayBuffers.
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const fromB64 = (text) => {
    const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
    return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)).buffer;
  };
  const toB64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const post = async (url, body) => {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(body || {}),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  };
  const credentialJSON = (credential) => {
    const r = credential.response;
    const response = {clientDataJSON: toB64(r.clientDataJSON)};
    if (r.attestationObject) {
      response.attestationObject = toB64(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toB64(r.authenticatorData);
      response.signature = toB64(r.signature);
      if (r.userHandle) response.userHandle = toB64(r.userHandle);
    }
    return {id: credential.id, rawId: toB64(credential.rawId), type: credential.type, response,
            clientExtensionResults: credential.getClientExtensionResults()};
  };
  const supported = (box) => {
    if (window.PublicKeyCredential) return true;
    box.querySelector(".security-key-error").textContent = box.dataset.unsupported;
    return false;
  };

  const register = document.querySelector(".security-key-register");
  if (register) {
    register.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!supported(register)) return;
      try {
        const options = await post(register.dataset.optionsUrl);
        options.challenge = fromB64(options.challenge);
        options.user.id = fromB64(options.user.id);
        (options.excludeCredentials || []).forEach((c) => { c.id = fromB64(c.id); });
        const credential = await navigator.credentials.create({publicKey: options});
        const done = await post(register.dataset.registerUrl,
          {name: register.querySelector("input[name=name]").value, credential: credentialJSON(credential)});
        window.location.assign(done.next);
      } catch (error) {
        register.querySelector(".security-key-error").textContent = error.message;
      }
    });
  }

  const signIn = document.querySelector(".security-key-sign-in");
  if (signIn) {
    signIn.querySelector("button").addEventListener("click", async () => {
      if (!supported(signIn)) return;
      try {
        const options = await post(signIn.dataset.optionsUrl);
        options.challenge = fromB64(options.challenge);
        (options.allowCredentials || []).forEach((c) => { c.id = fromB64(c.id); });
        const credential = await navigator.credentials.get({publicKey: options});
        const done = await post(signIn.dataset.signInUrl, {credential: credentialJSON(credential)});
        window.location.assign(done.next);
      } catch (error) {
        signIn.querySelector(".security-key-error").textContent = error.message;
      }
    });
  }
})();
