// Names Decap CMS leaves out, added from outside (Decap 3.16; checked with axe in
// tests/test_cms.py): a list item's icon-only buttons (open or close, move, remove), the
// Markdown editor's text box and the preview pane's frame. Decap re-renders freely, so every change is looked at again.
function summaryOf(bar) {
  const label = bar.parentElement?.querySelector(':scope > [class*="NestedObjectLabel"]');
  return label?.textContent.trim() || 'this item';
}

function name(element, text) {
  if (!element.hasAttribute('aria-label')) element.setAttribute('aria-label', text);
}

function fix(root) {
  for (const frame of root.querySelectorAll('iframe#preview-pane:not([title])')) {
    frame.title = 'Preview, as the website will show it';
  }
  for (const bar of root.querySelectorAll('[class*="ListItemTopBar"]')) {
    const summary = summaryOf(bar);
    const buttons = [...bar.querySelectorAll(':scope > button')];
    if (buttons.length) name(buttons[0], `Open or close: ${summary}`);
    if (buttons.length > 1) name(buttons.at(-1), `Remove: ${summary}`);
    const handle = bar.querySelector(':scope > [aria-roledescription="sortable"]');
    if (handle) name(handle, `Move: ${summary}`);
  }
  for (const box of root.querySelectorAll('[data-slate-editor][role="textbox"]')) {
    const label = box.closest('[class*="ControlContainer"]')?.querySelector('label');
    if (label && !box.hasAttribute('aria-labelledby')) {
      label.id ||= `${label.htmlFor || 'markdown'}-label`;
      box.setAttribute('aria-labelledby', label.id);
    }
  }
}

export function nameControls(root = document.body) {
  let pending = false;
  new MutationObserver(() => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => { pending = false; fix(root); });
    }
  }).observe(root, { childList: true, subtree: true });
  fix(root);
}
