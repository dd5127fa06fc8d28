/*
 * Copy buttons copy the code, not the prompts or the output.
 *
 * In a Python session (```pycon, and every docstring "Examples:" section) or a shell
 * session (```console) Pygments wraps each prompt (">>> ", "... ", "$ ") in a
 * span.gp and each output line in a span.go. For every such block this script
 * stores the code alone in the block's data-copy attribute, which Material's copy
 * button copies instead of the block's text: a line that starts with a prompt is
 * kept without its prompt; a line that continues a kept shell line ending in "\"
 * is kept as it is; every other line (output, tracebacks) is dropped. Blocks
 * without prompts are left alone. Selecting by hand skips prompts and output too
 * (user-select: none in css/code.css).
 */
(function () {
  "use strict";

  function codeOnly(code) {
    var lines = [{ text: "", prompt: false }];
    var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var line = lines[lines.length - 1];
      var parent = node.parentElement;
      if (parent && parent.closest(".gp")) {
        if (line.text === "") line.prompt = true;
        continue;
      }
      if (parent && parent.closest(".md-annotation")) continue;
      var pieces = node.data.split("\n");
      line.text += pieces[0];
      for (var i = 1; i < pieces.length; i++) {
        lines.push({ text: pieces[i], prompt: false });
      }
    }
    var kept = [];
    var continues = false;
    lines.forEach(function (line) {
      if (line.prompt || continues) {
        kept.push(line.text);
        continues = /\\$/.test(line.text);
      }
    });
    return kept.join("\n").replace(/\s+$/, "");
  }

  function mark(root) {
    root.querySelectorAll(".highlight pre > code").forEach(function (code) {
      if (code.hasAttribute("data-copy") || !code.querySelector(".gp")) return;
      code.setAttribute("data-copy", codeOnly(code));
    });
  }

  if (typeof window.document$ !== "undefined") {
    window.document$.subscribe(function () { mark(document); });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { mark(document); });
  } else {
    mark(document);
  }
})();
