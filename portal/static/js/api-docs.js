// Swagger UI for /api/v1/docs, reading the document the portal writes from its code.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: node.getAttribute("data-spec-url"), domNode: node, deepLinking: true });
})();
