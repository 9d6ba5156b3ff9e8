// A region that scrolls sideways (a wide table, a long formula, a figure on a very
// narrow screen) is reachable from the keyboard and says which side has more:
// data-lrdoc-scrolls is "right", "left" or "both" (extra.css fades that side).
const SCROLLERS = [
  ".md-typeset .md-typeset__scrollwrap",
  ".md-typeset div.arithmatex",
  '.md-typeset p:has(> img[src*="figures/"])',
].join(", ");

function describe(box) {
  const image = box.querySelector("img");
  if (image) return `Figure, scrolls sideways: ${image.alt}`;
  const math = box.querySelector("math");
  if (math) return `Formula, scrolls sideways: ${math.getAttribute("alttext") || ""}`;
  return "Table, scrolls sideways";
}

function markOne(box) {
  const extra = box.scrollWidth - box.clientWidth;
  if (extra <= 1) {
    if (box.dataset.lrdocScrolls) {
      delete box.dataset.lrdocScrolls;
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
    return;
  }
  if (!box.dataset.lrdocScrolls) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", describe(box));
  }
  const atStart = box.scrollLeft <= 1;
  const atEnd = box.scrollLeft >= extra - 1;
  box.dataset.lrdocScrolls = atStart ? "right" : atEnd ? "left" : "both";
}

const watched = new WeakSet();
const resized = new ResizeObserver((entries) => entries.forEach((e) => markOne(e.target)));

function markScrolling(root) {
  for (const box of root.querySelectorAll(SCROLLERS)) {
    markOne(box);
    if (!watched.has(box)) {
      watched.add(box);
      box.addEventListener("scroll", () => markOne(box), { passive: true });
      resized.observe(box);
    }
  }
}

// Material's search dialog has no accessible name; give it one.
document$.subscribe(() => {
  const search = document.querySelector(".md-search");
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search");
  }
  markScrolling(document);
});

// The copy button of an example copies the code only: without the ">>> " and
// "... " prompts and without the outputs, so it pastes into Python as it is.
document.addEventListener(
  "click",
  (event) => {
    const button = event.target.closest("[data-clipboard-target]");
    const code = button && document.querySelector(button.dataset.clipboardTarget);
    if (!code || !code.querySelector(".gp") || !navigator.clipboard) return;
    const lines = [];
    for (const line of code.querySelectorAll(':scope > span[id^="__span"]')) {
      const prompt = line.querySelector(".gp");
      if (prompt) lines.push(line.textContent.slice(prompt.textContent.length));
    }
    event.stopImmediatePropagation();
    event.preventDefault();
    navigator.clipboard.writeText(lines.join("").replace(/\n*$/, "\n"));
  },
  true,
);
