/* "Reply by e-mail" (the inquiry change form): once the answer is recorded, the page comes back with
   a message holding the reply's mailto link; open it at once, as the button promised. The link stays
   in the message for a browser that blocks this. */
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const link = document.querySelector(".messagelist a[data-open-now]");
  if (link) {
    window.location.href = link.href;
  }
});
