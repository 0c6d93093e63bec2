"use strict";
// Nothing runs per row at load: filters are CSS rules, navigation looks rows up on demand.
(() => {
  const main = document.getElementById("rows");
  const sev = document.getElementById("f-sev");
  const type = document.getElementById("f-type");
  const shown = document.getElementById("shown");
  const wordDiff = document.getElementById("f-diff");
  const conf = document.getElementById("f-conf");
  const sheet = document.styleSheets[0];
  let typeRule = -1;
  const FOLLOWING = Node.DOCUMENT_POSITION_FOLLOWING;

  const rows = (sel) => Array.from(main.querySelectorAll(sel));
  const visible = (row) => row.offsetParent !== null;

  function applyFilter() {
    main.dataset.sev = sev.value;
    main.dataset.type = type.value;
    if (typeRule >= 0) sheet.deleteRule(typeRule);
    typeRule = -1;
    if (/^\d+$/.test(type.value)) {
      // A row has the type when it has a flag of it at or above the chosen confidence.
      const kept = [];
      for (let k = Number(conf.value); k <= 10; k++) kept.push(`.t${type.value}k${k}`);
      typeRule = sheet.insertRule(
        `main .r:not(${kept.join(", ")}, .hd) { display: none; }`, sheet.cssRules.length);
    }
    const all = rows("section.r");
    shown.value = `${all.filter(visible).length} of ${all.length} pairs shown`;
  }

  function jump(step) {
    const flagged = rows("section.r.f").filter(visible);
    if (!flagged.length) return;
    const active = document.activeElement;
    const current = active && active.closest ? active.closest("section.r") : null;
    let target;
    if (current) {
      target = step > 0
        ? flagged.find((r) => current.compareDocumentPosition(r) & FOLLOWING)
        : flagged.findLast((r) => r.compareDocumentPosition(current) & FOLLOWING);
    } else {
      const top = document.querySelector(".bar").getBoundingClientRect().bottom;
      target = step > 0
        ? flagged.find((r) => r.getBoundingClientRect().top >= top)
        : flagged.findLast((r) => r.getBoundingClientRect().top < top);
    }
    target = target || (step > 0 ? flagged[0] : flagged[flagged.length - 1]);
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    history.replaceState(null, "", `#${target.id}`);
  }

  function copySignature() {
    const code = document.getElementById("sig");
    const button = document.getElementById("copy-sig");
    const done = () => { button.textContent = "Copied"; };
    // Without clipboard access (a page opened from disk may have none), copy a selection.
    const viaSelection = () => {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      if (document.execCommand("copy")) done();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(code.textContent).then(done, viaSelection);
    } else {
      viaSelection();
    }
  }

  // The flag under the pointer or the focus: its Hebrew, English and MT spans together.
  const numbers = (el) => (el.tagName === "LI" ? [el.dataset.f] : el.dataset.f.split(","));
  function point(target) {
    for (const el of main.querySelectorAll(".cur")) el.classList.remove("cur");
    const item = target instanceof Element ? target.closest("[data-f]") : null;
    if (!item) return;
    const wanted = numbers(item);
    for (const el of item.closest("section.r").querySelectorAll("[data-f]")) {
      if (numbers(el).some((n) => wanted.includes(n))) el.classList.add("cur");
    }
  }

  document.getElementById("copy-sig").addEventListener("click", copySignature);
  wordDiff.addEventListener("change", () => { main.dataset.diff = wordDiff.value; });
  main.addEventListener("mouseover", (e) => point(e.target));
  main.addEventListener("focusin", (e) => point(e.target));
  // The header's counts and flag types at the chosen confidence (each element carries
  // its count at every step of the control).
  function recount() {
    const step = Number(conf.value) - 1;
    for (const el of document.querySelectorAll("header [data-k], #f-type [data-k]")) {
      const n = Number(el.dataset.k.split(" ")[step]);
      if (el.tagName === "OPTION") {
        el.textContent = `${el.dataset.name} (${n})`;
        el.hidden = n === 0 && !el.selected;
      } else {
        const count = el.querySelector("b");
        count.textContent = String(n);
        if (el.dataset.one) count.nextSibling.textContent = n === 1 ? el.dataset.one : el.dataset.many;
        else el.hidden = n === 0;
      }
    }
  }

  const runThreshold = Number(conf.value);
  conf.addEventListener("change", () => {
    main.dataset.conf = conf.value;
    main.classList.toggle("low", Number(conf.value) < runThreshold);
    recount();
    applyFilter();
  });
  sev.addEventListener("change", applyFilter);
  type.addEventListener("change", applyFilter);
  document.getElementById("next").addEventListener("click", () => jump(1));
  document.getElementById("prev").addEventListener("click", () => jump(-1));
  document.addEventListener("keydown", (e) => {
    const field = e.target instanceof Element && e.target.closest("input, select, textarea");
    if (e.ctrlKey || e.metaKey || e.altKey || field) return;
    if (e.key === "j" || e.key === "n") jump(1);
    else if (e.key === "k" || e.key === "p") jump(-1);
    else return;
    e.preventDefault();
  });
  window.addEventListener("beforeprint", () => {
    for (const d of document.querySelectorAll("details")) d.open = true;
  });
})();
