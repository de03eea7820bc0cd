// Canned replies: choosing one inserts its text (placeholders already filled in) into the reply box.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-canned-target]");
  if (!select) return;
  const option = select.selectedOptions[0];
  const box = document.querySelector(select.dataset.cannedTarget);
  if (option && option.dataset.body && box) {
    box.value = box.value.trim() ? `${box.value.trimEnd()}\n\n${option.dataset.body}` : option.dataset.body;
    box.focus();
  }
  select.value = "";
});
