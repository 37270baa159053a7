# Embeds the browser interface (src/web/ui) into the binary: each asset under
# a name carrying the first 12 hex digits of its SHA-256 (/static/app.HASH.js),
# served immutable, and the entry page index.html, whose {{FILE}} placeholders
# become those hashed names (the entry page itself is served no-cache).
# JavaScript modules import each other the same way: `import … from
# '{{core.js}}'` becomes the hashed name of core.js, and a module's own hash is
# taken after that replacement, so a change in core.js changes the names of
# the modules that import it too (no stale module under an immutable name).
# FILES must therefore list a module after the modules it imports.
#   cmake -DDIR=src/web/ui -DOUT=file.c -DFILES=core.js,app.js,app.css -P embed_static.cmake
string(REPLACE "," ";" FILES "${FILES}")
set(entries "")
set(arrays "")
set(page "")
file(READ "${DIR}/index.html" page)
set(i 0)
set(done "")
foreach(f IN LISTS FILES)
  set(src "${DIR}/${f}")
  if(f MATCHES "\\.js$")
    file(READ "${src}" js)
    foreach(d IN LISTS done)
      string(REPLACE "{{${d}}}" "${hashed_${d}}" js "${js}")
    endforeach()
    if(js MATCHES "{{[^}]*}}")
      message(FATAL_ERROR "${f} imports a file that is not embedded before it: ${CMAKE_MATCH_0}")
    endif()
    set(src "${OUT}.${f}")
    file(WRITE "${src}" "${js}")
  endif()
  file(SHA256 "${src}" sum)
  string(SUBSTRING "${sum}" 0 12 h)
  string(REGEX REPLACE "^(.*)\\.([a-z]+)$" "\\1.${h}.\\2" hashed "${f}")
  set(hashed_${f} "/static/${hashed}")
  list(APPEND done "${f}")
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
  file(READ "${src}" hex HEX)
  if(NOT src STREQUAL "${DIR}/${f}")
    file(REMOVE "${src}")
  endif()
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
