// Autosave of the unit's form: each criterion is saved on change; the screen says what is saved.
// A save that fails for the network or while the server restarts (502, 503, 504) is kept and sent
// again; a save refused because someone else saved first keeps what was typed and offers to
// reapply it.
(function () {
  "use strict";
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  const banner = document.getElementById("connection-banner");
  const pending = new Set();
  const timers = new WeakMap();
  const UNSAVED = new Set(["dirty", "saving", "offline", "error", "conflict"]);
  // Bad gateway, unavailable (database restarting), gateway timeout: worth sending again.
  const TRANSIENT = new Set([502, 503, 504]);

  function state(block, name, text) {
    const el = block.querySelector(".save-state");
    el.dataset.state = name;
    el.textContent = text;
  }

  function fieldError(block, text) {
    block.querySelector(".field-error").textContent = text || "";
  }

  function payload(block) {
    const data = new FormData();
    block.querySelectorAll("fieldset input, fieldset select, fieldset textarea").forEach((el) => {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data.append(el.name, el.value);
    });
    data.append("version", block.dataset.version || "");
    return data;
  }

  function update(data) {
    Object.entries(data.points || {}).forEach(([code, points]) => {
      document.querySelectorAll(`[data-points-for="${CSS.escape(code)}"]`).forEach((el) => {
        el.textContent = points;
      });
    });
    const summary = document.getElementById("live-summary");
    if (summary && data.summary_html) summary.outerHTML = data.summary_html;
  }

  function retryLater() {
    banner.classList.remove("d-none");
    window.setTimeout(() => pending.forEach((block) => save(block)), 5000);
  }

  async function save(block) {
    if (block.dataset.saving === "1") {
      block.dataset.again = "1";
      return;
    }
    block.dataset.saving = "1";
    state(block, "saving", "Đang lưu…");
    try {
      const response = await fetch(block.dataset.saveUrl, {
        method: "POST",
        body: payload(block),
        headers: { "X-CSRFToken": token.value, Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.redirected && response.url.includes("/accounts/login/")) {
        state(block, "error", "Chưa lưu");
        fieldError(block, "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại ở một thẻ khác, rồi sửa lại ô này.");
        return;
      }
      let data;
      try {
        data = await response.json();
      } catch (err) {
        data = { ok: false, error: `Máy chủ gặp sự cố (mã ${response.status}); chưa lưu, hãy thử lại.` };
      }
      pending.delete(block);
      if (pending.size === 0) banner.classList.add("d-none");
      if (response.ok && data.ok) {
        block.dataset.version = data.version;
        state(block, "saved", `Đã lưu lúc ${data.saved_at}`);
        fieldError(block, "");
        block.querySelector(".conflict")?.remove();
        update(data);
      } else if (response.status === 409) {
        state(block, "conflict", "Chưa lưu");
        fieldError(block, data.conflict);
        offerReapply(block, data.version);
      } else if (TRANSIENT.has(response.status) || data.retry) {
        // The database or the app server is restarting: keep the value and send it again.
        state(block, "offline", "Chưa lưu — máy chủ tạm gián đoạn, sẽ thử lại");
        fieldError(block, data.error);
        pending.add(block);
        retryLater();
      } else {
        state(block, "error", "Chưa lưu");
        fieldError(block, data.error);
      }
    } catch (err) {
      state(block, "offline", "Chưa lưu — mất kết nối, sẽ thử lại");
      pending.add(block);
      retryLater();
    } finally {
      block.dataset.saving = "0";
      if (block.dataset.again === "1") {
        block.dataset.again = "0";
        save(block);
      }
    }
  }

  function offerReapply(block, version) {
    block.querySelector(".conflict")?.remove();
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-danger conflict mt-1";
    button.textContent = "Ghi giá trị của tôi đè lên";
    button.addEventListener("click", () => {
      block.dataset.version = version;
      button.remove();
      save(block);
    });
    block.querySelector(".field-error").after(button);
  }

  document.querySelectorAll("section.criterion[data-save-url]").forEach((block) => {
    block.addEventListener("input", () => state(block, "dirty", "Chưa lưu"));
    block.addEventListener("change", (event) => {
      if (!event.target.closest("fieldset")) return; // the evidence file picker
      window.clearTimeout(timers.get(block));
      timers.set(block, window.setTimeout(() => save(block), 250));
    });
  });

  window.addEventListener("online", () => pending.forEach((block) => save(block)));
  window.addEventListener("beforeunload", (event) => {
    const unsaved = document.querySelector(".save-state[data-state]");
    const any = [...document.querySelectorAll(".save-state")].some((el) => UNSAVED.has(el.dataset.state));
    if (unsaved && any) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
