// 公众评价: the "重新发送验证码" button counts down the seconds before the server accepts another ask.
(function () {
  "use strict";
  var button = document.getElementById("send-code");
  if (!button) return;
  var left = parseInt(button.getAttribute("data-wait") || "0", 10);
  var label = button.getAttribute("data-label");
  var waiting = button.getAttribute("data-waiting");
  function tick() {
    if (left > 0) {
      button.disabled = true;
      button.textContent = waiting.replace("{n}", String(left));
      left -= 1;
      window.setTimeout(tick, 1000);
    } else {
      button.disabled = false;
      button.textContent = label;
    }
  }
  tick();
})();
