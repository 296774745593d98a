// Once the passkey is registered, go on to the next step (the recovery codes, or the list of factors).
const box = document.getElementById("second-factor-passkey");
if (box) {
  box.addEventListener("otp_webauthn.register_complete", () => {
    window.location.assign(box.dataset.after);
  });
}
