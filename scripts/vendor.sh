#!/usr/bin/env bash
# Copy the front-end files the pages use from node_modules/ (installed by `npm ci`) to portal/static/vendor/.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules
dst=portal/static/vendor
rm -rf "$dst"
mkdir -p "$dst/bootstrap" "$dst/vazirmatn/fonts/webfonts" "$dst/htmx" "$dst/chartjs"
cp "$src/bootstrap/dist/css/bootstrap.rtl.min.css" "$src/bootstrap/dist/css/bootstrap.min.css" \
   "$src/bootstrap/dist/js/bootstrap.bundle.min.js" "$dst/bootstrap/"
cp "$src/vazirmatn/Vazirmatn-Variable-font-face.css" "$dst/vazirmatn/"
cp "$src/vazirmatn/fonts/webfonts/Vazirmatn[wght].woff2" "$dst/vazirmatn/fonts/webfonts/"
cp "$src/vazirmatn/OFL.txt" "$dst/vazirmatn/"
cp "$src/htmx.org/dist/htmx.min.js" "$dst/htmx/"
cp "$src/chart.js/dist/chart.umd.min.js" "$dst/chartjs/"
mkdir -p "$dst/swagger-ui"
cp "$src/swagger-ui-dist/swagger-ui.css" "$src/swagger-ui-dist/swagger-ui-bundle.js" "$src/swagger-ui-dist/LICENSE" \
   "$dst/swagger-ui/"
echo "vendor assets copied to $dst"
