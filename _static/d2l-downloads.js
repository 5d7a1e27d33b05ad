// Download menu of the chapter pages (entries made by book_ext/d2l_downloads.py):
// the framework selected in the tabs comes first and is marked, and notebook
// links download a file named after page, framework and language instead of
// opening a tab.
(function () {
  "use strict";
  const GROUP = "framework";
  const PREFIX = "btn-d2l-download-";

  function entries(menu) {
    return Array.from(menu.querySelectorAll(`a[class*="${PREFIX}"]`)).map((a) => {
      const match = Array.from(a.classList).join(" ").match(/btn-d2l-download-(notebook|pdf)-([\w-]+)/);
      return match ? { a, li: a.closest("li"), kind: match[1], fw: match[2] } : null;
    }).filter(Boolean);
  }

  // The tabs show the stored choice, or their default before any choice.
  function selected() {
    const checked = document.querySelector(
      `.sd-tab-set > input:checked + label[data-sync-group="${GROUP}"]`);
    if (checked) return checked.dataset.syncId;
    try {
      return window.localStorage.getItem(`sphinx-design-tab-id-${GROUP}`);
    } catch (err) {
      return null;  // storage blocked: nothing to follow
    }
  }

  function arrange() {
    const fw = selected();
    document.querySelectorAll(".dropdown-download-buttons .dropdown-menu").forEach((menu) => {
      // The others keep the book's framework order, whatever came first before.
      const items = entries(menu).sort((a, b) => a.li.dataset.d2lOrder - b.li.dataset.d2lOrder);
      if (!items.length) return;
      const order = items.filter((e) => e.fw === fw).concat(items.filter((e) => e.fw !== fw));
      for (const e of order) {
        menu.appendChild(e.li);
        e.li.classList.toggle("d2l-download-current", e.fw === fw);
      }
    });
  }

  function prepare() {
    const lang = (document.documentElement.lang || "en").split("-")[0];
    document.querySelectorAll(".dropdown-download-buttons .dropdown-menu").forEach((menu) => {
      entries(menu).forEach((e, i) => { e.li.dataset.d2lOrder = i; });
      for (const e of entries(menu)) {
        if (e.kind !== "notebook") continue;
        const stem = decodeURIComponent(e.a.pathname.split("/").pop()).replace(/\.ipynb$/, "");
        e.a.setAttribute("download", `${stem}-${e.fw}-${lang}.ipynb`);
        e.a.removeAttribute("target");
      }
    });
    arrange();
    // A click on a tab label changes the choice; sphinx-design checks the
    // radio inputs in the same event turn, so read it afterwards.
    document.addEventListener("click", (event) => {
      if (event.target.closest && event.target.closest(`label[data-sync-group="${GROUP}"]`)) {
        window.setTimeout(arrange, 0);
      }
    });
    window.addEventListener("storage", arrange);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", prepare);
  } else {
    prepare();
  }
})();
