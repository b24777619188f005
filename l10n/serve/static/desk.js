// The review desk's keys and live checks. Every action also works without this file (forms
// and links); it only adds the shortcuts, the live findings and "use this translation".
// Text from the page or the server is only ever set as textContent, never as markup.
"use strict";
(function () {
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  const editor = document.getElementById("text");
  const accept = document.getElementById("accept");
  const hint = document.getElementById("changed-hint");
  const findings = document.getElementById("findings");
  const leave = document.getElementById("leave-hint");
  let leaving = false;  // an unsaved edit was pointed out: the next s or b leaves without it
  let busy = false;  // one action per page: a second key press must not send a stale form
  let acting = false;  // an action of this entry was sent: the page is left by it, on purpose

  function typing(el) {
    return el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" || el.tagName === "SELECT" || el.isContentEditable);
  }
  function follow(id) {
    const link = document.getElementById(id);
    if (!link || !link.href) return false;
    if (!unchanged() && !leaving) {  // (an edit not saved: pointed out first, as for s and b)
      leaving = true;
      if (leave) leave.hidden = false;
      return true;
    }
    busy = true;
    window.location.assign(link.href);
    return true;
  }
  function press(id) {
    const button = document.getElementById(id);
    if (!button || button.disabled || busy) return false;
    button.click();
    return true;
  }
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (busy && form.method.toLowerCase() === "post") { event.preventDefault(); return; }
      if (form.method.toLowerCase() === "post") {
        busy = true;
        // (the entry's own forms: save, accept, reject; another one, as "Use this name",
        // leaves the page with an edit not saved, so the browser still asks)
        acting = form.getAttribute("action") === (document.getElementById("main") || form).getAttribute("action");
      }
    });
  });

  function unchanged() {
    return !editor || editor.value.replace(/\r\n?/g, "\n") === editor.dataset.draft;
  }
  function showChanged() {
    if (!editor) return;
    const same = unchanged();
    if (accept && editor.dataset.draft.trim()) accept.disabled = !same;  // (a blank draft: never)
    if (hint) hint.hidden = same;
  }

  document.addEventListener("keydown", function (event) {
    if (busy) return;
    const target = event.target;
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      if (target && target.id === "reason") return;  // Enter there rejects, as its form says
      if (press("save")) event.preventDefault();
      return;
    }
    if (event.altKey && event.key === "PageDown") { if (follow("next")) event.preventDefault(); return; }
    if (event.altKey && event.key === "PageUp") { if (follow("prev")) event.preventDefault(); return; }
    if (typing(target)) {
      if (event.key === "Escape") { target.blur(); event.preventDefault(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    let done = false;
    switch (event.key) {
      case "a":
        if (!unchanged()) { if (hint) hint.hidden = false; done = true; } else done = press("accept");
        break;
      case "e":
        if (editor) {
          editor.focus();
          editor.setSelectionRange(editor.value.length, editor.value.length);
          done = true;
        }
        break;
      case "r": {
        const reason = document.getElementById("reason");
        if (reason) { reason.focus(); done = true; }
        break;
      }
      case "s": case "j": case "b": case "k": {
        // An edit not saved is not thrown away by one key: the first press says so, a
        // second one leaves the entry as it is in the file.
        if (!unchanged() && !leaving) {
          leaving = true;
          if (leave) leave.hidden = false;
          done = true;
          break;
        }
        done = event.key === "s" || event.key === "j" ? follow("next") || follow("start") : follow("prev");
        break;
      }
      case "?": {
        const keys = document.getElementById("keys");
        if (keys) { keys.open = !keys.open; done = true; }
        break;
      }
    }
    if (done) event.preventDefault();
  });

  // The Skip and Back links too: an edit not saved is pointed out before the page is left.
  ["next", "prev"].forEach(function (id) {
    const link = document.getElementById(id);
    if (!link) return;
    link.addEventListener("click", function (event) {
      if (!unchanged() && !leaving) {
        leaving = true;
        if (leave) leave.hidden = false;
        event.preventDefault();
      }
    });
  });

  // Any other way off the page (a breadcrumb, the preview link, a reload, closing the tab):
  // the browser asks first while an edit is not saved. (Saving, or leaving by s, b, Skip or
  // Back once the edit was pointed out, does not ask.)
  window.addEventListener("beforeunload", function (event) {
    if (acting || leaving || unchanged()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Live checks: the findings for the text as it is typed.
  function render(list) {
    const items = [];
    if (!list.length) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = "No findings.";
      items.push(li);
    }
    list.forEach(function (f) {
      const li = document.createElement("li");
      li.className = f.severity;
      const severity = document.createElement("span");
      severity.className = "severity " + f.severity;
      severity.textContent = f.severity;
      const check = document.createElement("span");
      check.className = "check";
      check.textContent = f.check;
      const message = document.createElement("span");
      message.className = "message";
      message.textContent = f.message;
      li.append(severity, " ", check, " ", message);
      items.push(li);
    });
    findings.replaceChildren.apply(findings, items);
  }
  let timer = null;
  let sent = 0;
  function check() {
    const mine = ++sent;
    fetch(editor.dataset.checks, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({text: editor.value}),
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && mine === sent) {
        render(data.findings);
        findings.dataset.checked = String(mine);
      }
    }).catch(function () { /* the server is gone: the page still works as a form */ });
  }
  if (editor) {
    editor.addEventListener("input", function () {
      showChanged();
      if (!findings) return;
      clearTimeout(timer);
      timer = setTimeout(check, 250);
    });
    showChanged();
  }

  // The queue page: Enter opens the first entry.
  const start = document.getElementById("start");
  if (start && (document.activeElement === null || document.activeElement === document.body)) start.focus();

  document.querySelectorAll("button.use").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!editor) return;
      editor.value = button.dataset.text;
      editor.dispatchEvent(new Event("input"));
      editor.focus();
    });
  });
})();
