# The browser client (clients/web): TypeScript bundled by esbuild, through
# npm with the committed lock file. parley-server serves the result from
# PARLEY_WEB_OUT_DIR (its --web-dir default).
set(PARLEY_WEB_OUT_DIR "${CMAKE_BINARY_DIR}/web")
option(PARLEY_WEB "Build the browser client (needs Node.js 18+ and npm)" ON)
if(NOT PARLEY_WEB)
  return()
endif()

find_program(PARLEY_NODE node REQUIRED)
find_program(PARLEY_NPM npm REQUIRED)
find_program(PARLEY_PROTOC protoc REQUIRED)
set(PARLEY_WEB_SOURCE_DIR "${CMAKE_SOURCE_DIR}/clients/web")

file(GLOB_RECURSE parley_web_sources CONFIGURE_DEPENDS
  "${PARLEY_WEB_SOURCE_DIR}/src/*.ts" "${PARLEY_WEB_SOURCE_DIR}/src/*.tsx" "${PARLEY_WEB_SOURCE_DIR}/src/*.css"
  "${PARLEY_WEB_SOURCE_DIR}/*.html" "${PARLEY_WEB_SOURCE_DIR}/build.mjs" "${CMAKE_SOURCE_DIR}/proto/*.proto"
  "${CMAKE_SOURCE_DIR}/scenarios/templates/*.textproto")
list(FILTER parley_web_sources EXCLUDE REGEX "/src/gen/")

# npm ci only when the lock file changed; its marker file is the stamp.
set(parley_web_modules "${PARLEY_WEB_SOURCE_DIR}/node_modules/.package-lock.json")
add_custom_command(
  OUTPUT "${parley_web_modules}"
  COMMAND "${PARLEY_NPM}" ci --no-audit --no-fund --loglevel=error
  DEPENDS "${PARLEY_WEB_SOURCE_DIR}/package.json" "${PARLEY_WEB_SOURCE_DIR}/package-lock.json"
  WORKING_DIRECTORY "${PARLEY_WEB_SOURCE_DIR}"
  COMMENT "Installing the browser client's npm packages (package-lock.json)"
  VERBATIM)

add_custom_command(
  OUTPUT "${PARLEY_WEB_OUT_DIR}/index.html"
  COMMAND "${PARLEY_NODE}" build.mjs --out "${PARLEY_WEB_OUT_DIR}"
  DEPENDS ${parley_web_sources} "${parley_web_modules}"
  WORKING_DIRECTORY "${PARLEY_WEB_SOURCE_DIR}"
  COMMENT "Bundling the browser client into ${PARLEY_WEB_OUT_DIR}"
  VERBATIM)
add_custom_target(parley_web ALL DEPENDS "${PARLEY_WEB_OUT_DIR}/index.html")
