// Autosave of the unit's form: each criterion is saved on change; the screen says what is saved.
// A save that fails for the network or while the server restarts (502, 503, 504) is kept and sent
// again; a save refused because someone else saved first keeps what was typed and offers to
// reapply it. Each criterion's fields are in their own <form>, so its radios are its own group;
// emptying an answer is only done by its «Xoá câu trả lời» button (clear=1), never by a save.
// A group's header (section.group-na) is saved the same way: its box and reason are the unit's
// không áp dụng declaration of the whole group; unticking it withdraws the declaration.
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
    if (block.dataset.clear === "1") data.append("clear", "1");
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
    window.setTimeout(() => saveInTurn([...pending]), 5000);
  }

  // Several criteria to send at once (typed before the script ran, kept while the server was
  // away): one after another, as each save takes the form's row in turn on the server.
  async function saveInTurn(blocks) {
    for (const block of blocks) await save(block);
  }

  async function save(block) {
    if (block.dataset.saving === "1") {
      block.dataset.again = "1";
      return;
    }
    block.dataset.saving = "1";
    state(block, "saving", "Đang lưu…");
    const clearing = block.dataset.clear === "1"; // this request carries clear=1
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
      const again = !(response.ok && data.ok) && response.status !== 409 && (TRANSIENT.has(response.status) || data.retry);
      if (clearing && !again) delete block.dataset.clear; // a clear sent again after a restart stays a clear
      if (response.ok && data.ok) {
        block.dataset.version = data.version;
        if (clearing) emptyFields(block);
        const clearButton = block.querySelector(".clear-answer");
        if (clearButton) clearButton.hidden = !data.answered;
        state(block, "saved", `${clearing ? "Đã xoá câu trả lời" : "Đã lưu"} lúc ${data.saved_at}`);
        fieldError(block, "");
        block.querySelector(".conflict")?.remove();
        if (block.dataset.groupNa) markGroup(block);
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

  // A group declared không áp dụng (its header's box, once saved): its criteria are not to be
  // answered, so their fields are shown disabled; what was typed in them stays, and is editable
  // and counted again when the declaration is withdrawn.
  function markGroup(block) {
    const declared = block.querySelector("input[name=not_applicable]").checked;
    const criteria = document.querySelector(`.group-criteria[data-group="${CSS.escape(block.dataset.groupNa)}"]`);
    block.querySelector(".group-na-note").hidden = !declared;
    const badge = block.previousElementSibling?.querySelector(".group-na-badge");
    if (badge) badge.hidden = !declared;
    if (!criteria) return;
    criteria.classList.toggle("na-declared", declared);
    criteria.querySelectorAll("form.answer fieldset").forEach((el) => {
      el.disabled = declared;
    });
  }

  function emptyFields(block) {
    block.querySelectorAll("fieldset input, fieldset select").forEach((el) => {
      if (el.type === "radio" || el.type === "checkbox") el.checked = false;
      else el.value = "";
    });
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

  // Typed or ticked before this script ran (a slow phone, a page still loading): no event was
  // heard, so nothing would be saved. The answer forms have autocomplete="off", so the browser
  // restores nothing into them: a field that differs from what the server sent was changed by
  // the person on this page, and is saved now like any change.
  function changedBeforeReady(block) {
    if (!window.chisoChanged) return false; // changed.js missing: the autosave works without it
    const fields = block.querySelectorAll("fieldset input, fieldset select, fieldset textarea");
    return [...fields].some(window.chisoChanged);
  }

  const early = [];
  document.querySelectorAll("section.criterion[data-save-url]").forEach((block) => {
    if (!block.querySelector("fieldset")?.disabled && changedBeforeReady(block)) {
      state(block, "dirty", "Chưa lưu");
      early.push(block);
    }
    block.addEventListener("input", () => state(block, "dirty", "Chưa lưu"));
    block.addEventListener("change", (event) => {
      if (!event.target.closest("fieldset")) return; // the evidence file picker
      window.clearTimeout(timers.get(block));
      delete block.dataset.clear; // a new value typed after pressing «Xoá» is what counts
      timers.set(block, window.setTimeout(() => save(block), 250));
    });
    // Enter in a field, or the «Xoá câu trả lời» button: never leave the page.
    block.querySelector("form.answer")?.addEventListener("submit", (event) => {
      event.preventDefault();
      if (event.submitter?.name === "clear") {
        const code = block.id.replace(/^c-/, "");
        if (!window.confirm(`Xoá câu trả lời của tiêu chí ${code}? Điểm của tiêu chí sẽ về 0.`)) return;
        block.dataset.clear = "1";
      }
      window.clearTimeout(timers.get(block));
      save(block);
    });
  });

  document.querySelectorAll("section.group-na[data-save-url]").forEach((block) => {
    if (!block.querySelector("fieldset").disabled) markGroup(block);
  });

  if (early.length) saveInTurn(early);
  window.addEventListener("online", () => saveInTurn([...pending]));
  window.addEventListener("beforeunload", (event) => {
    const unsaved = document.querySelector(".save-state[data-state]");
    const any = [...document.querySelectorAll(".save-state")].some((el) => UNSAVED.has(el.dataset.state));
    if (unsaved && any) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
