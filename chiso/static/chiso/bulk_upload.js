// The department's upload of many units' Excel forms: sends the files with a progress bar, then
// shows the server's per-file result table in the page. Without this script the form is posted
// as usual and the result table comes as a page of its own.
(function () {
  "use strict";
  const form = document.getElementById("bulk-import");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;
  const input = document.getElementById("bulk-files");
  const button = form.querySelector("button[type=submit]");
  const progress = document.getElementById("bulk-progress");
  const bar = progress.querySelector(".progress-bar");
  const status = document.getElementById("bulk-status");
  const results = document.getElementById("bulk-results");
  const maxFiles = Number(form.dataset.maxFiles || "0");

  function show(percent) {
    progress.classList.remove("d-none");
    progress.setAttribute("aria-valuenow", String(percent));
    bar.style.width = `${percent}%`;
    bar.textContent = `${percent} %`;
  }

  function finish(text) {
    status.textContent = text;
    button.disabled = false;
    bar.classList.remove("progress-bar-striped", "progress-bar-animated");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const count = input.files.length;
    if (count === 0) {
      status.textContent = "Chưa chọn tệp nào.";
      return;
    }
    if (maxFiles && count > maxFiles) {
      status.textContent = `Đã chọn ${count} tệp, nhiều hơn ${maxFiles} tệp một lần: hãy nén các tệp thành một tệp .zip rồi tải lên.`;
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) show(Math.round((100 * e.loaded) / e.total));
    });
    xhr.upload.addEventListener("load", () => {
      show(100);
      bar.classList.add("progress-bar-striped", "progress-bar-animated");
      status.textContent = `Đã gửi ${count} tệp; đang kiểm tra và nhập từng tệp…`;
    });
    xhr.addEventListener("load", () => {
      if (xhr.responseURL.includes("/accounts/login/")) {
        finish("Phiên đăng nhập đã hết: hãy đăng nhập lại rồi tải lên lại. Chưa tệp nào được nhập.");
      } else if (xhr.status === 200 || xhr.status === 400) {
        results.innerHTML = xhr.responseText;
        finish(xhr.status === 200 ? "Đã xử lý xong. Kết quả từng tệp ở bảng dưới." : "Chưa nhập gì.");
        form.reset();
      } else if (xhr.status === 403 || xhr.status === 404) {
        finish("Bạn không có quyền nhập phiếu cho đợt này (hoặc phiên đăng nhập đã hết).");
      } else {
        finish(`Máy chủ gặp sự cố (mã ${xhr.status}); hãy tải lại trang để xem phiếu nào đã được nhập.`);
      }
    });
    xhr.addEventListener("error", () => {
      finish("Mất kết nối khi gửi. Hãy tải lại trang để xem phiếu nào đã được nhập trước khi gửi lại.");
    });
    button.disabled = true;
    results.innerHTML = "";
    show(0);
    status.textContent = `Đang gửi ${count} tệp…`;
    xhr.send(new FormData(form));
  });
})();
