// Clicking the captcha image fetches a new challenge (key and image) from django-simple-captcha.
(function () {
  "use strict";
  document.addEventListener("click", function (evt) {
    var img = evt.target.closest("img.captcha[data-refresh-url]");
    if (!img) { return; }
    fetch(img.dataset.refreshUrl, { headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        img.src = data.image_url;
        var row = img.closest(".captcha-row");
        row.querySelector("input[type=hidden]").value = data.key;
        var answer = row.querySelector("input[type=text]");
        answer.value = "";
        answer.focus();
      });
  });
})();
