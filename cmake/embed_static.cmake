# Embeds the browser interface (src/web/ui) into the binary: each asset under
# a name carrying the first 12 hex digits of its SHA-256 (/static/app.HASH.js),
# served immutable, and the entry page index.html, whose {{FILE}} placeholders
# become those hashed names (the entry page itself is served no-cache).
#   cmake -DDIR=src/web/ui -DOUT=file.c -DFILES=app.js,app.css -P embed_static.cmake
string(REPLACE "," ";" FILES "${FILES}")
set(entries "")
set(arrays "")
set(page "")
file(READ "${DIR}/index.html" page)
set(i 0)
foreach(f IN LISTS FILES)
  file(SHA256 "${DIR}/${f}" sum)
  string(SUBSTRING "${sum}" 0 12 h)
  string(REGEX REPLACE "^(.*)\\.([a-z]+)$" "\\1.${h}.\\2" hashed "${f}")
  string(REPLACE "{{${f}}}" "/static/${hashed}" page "${page}")
  if(f MATCHES "\\.js$")
    set(ct "text/javascript; charset=utf-8")
  elseif(f MATCHES "\\.css$")
    set(ct "text/css; charset=utf-8")
  elseif(f MATCHES "\\.svg$")
    set(ct "image/svg+xml")
  elseif(f MATCHES "\\.png$")
    set(ct "image/png")
  else()
    set(ct "application/octet-stream")
  endif()
  file(READ "${DIR}/${f}" hex HEX)
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
  string(APPEND arrays "static const unsigned char f${i}[] = {\n${body}0x00};\n")
  string(APPEND entries "    {\"/static/${hashed}\", \"${ct}\", f${i}, ${len}, 1},\n")
  math(EXPR i "${i} + 1")
endforeach()
if(page MATCHES "{{[^}]*}}")
  message(FATAL_ERROR "index.html names an asset that is not embedded: ${CMAKE_MATCH_0}")
endif()
file(WRITE "${OUT}.page" "${page}")
file(READ "${OUT}.page" hex HEX)
file(REMOVE "${OUT}.page")
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(APPEND arrays "static const unsigned char page[] = {\n${body}0x00};\n")
string(APPEND entries "    {\"/\", \"text/html; charset=utf-8\", page, ${len}, 0},\n")
math(EXPR i "${i} + 1")
file(WRITE "${OUT}.tmp" "/* Generated from ${DIR} by cmake/embed_static.cmake. Do not edit. */
#include \"web_int.h\"
${arrays}
const web_static_file web_static_files[] = {
${entries}};
const size_t web_static_count = ${i};
")
file(RENAME "${OUT}.tmp" "${OUT}")
