// Material's search dialog has no accessible name; give it one.
document$.subscribe(() => {
  const search = document.querySelector(".md-search");
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search");
  }
  // A figure wider than the screen scrolls sideways (its text stays 9 px or more);
  // a region that scrolls must be reachable from the keyboard.
  for (const image of document.querySelectorAll('.md-typeset p > img[src*="figures/"]')) {
    const box = image.parentElement;
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", `Figure, scrolls sideways: ${image.alt}`);
    }
  }
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
