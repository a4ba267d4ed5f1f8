# Packages for faxcalls, included once from the top-level CMakeLists.txt.
#   cpack -G DEB   (in the build dir)  ->  faxcalls_<version>-1+ws<X.Y>_<arch>.deb
# The .deb is built against one Wireshark X.Y and is only for it: Wireshark
# loads a plugin only when its major.minor matches. Its version comes from
# project(faxcalls VERSION ...) and nowhere else; the Wireshark X.Y (from
# plugin/CMakeLists.txt) is in the package's release and file name.
# packaging/deb/build-deb.sh drives this; packaging/README.md explains it.
# SPDX-License-Identifier: GPL-2.0-or-later
if(NOT FAXCALLS_PLUGIN OR NOT FAXCALLS_WS_VERSION)
  return()
endif()
include(GNUInstallDirs)

# Debian wants the licence as /usr/share/doc/PACKAGE/copyright.
install(FILES "${PROJECT_SOURCE_DIR}/packaging/deb/copyright"
              "${PROJECT_SOURCE_DIR}/CHANGELOG.md" "${PROJECT_SOURCE_DIR}/README.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# The RPM spec, with the same version (packaging/rpm/faxcalls.spec.in).
configure_file("${PROJECT_SOURCE_DIR}/packaging/rpm/faxcalls.spec.in"
               "${PROJECT_BINARY_DIR}/faxcalls.spec" @ONLY)

string(REPLACE "." ";" _fc_ws "${FAXCALLS_WS_VERSION}")
list(GET _fc_ws 0 _fc_ws_major)
list(GET _fc_ws 1 _fc_ws_minor)
math(EXPR _fc_ws_next "${_fc_ws_minor} + 1")

# The Debian package that ships this libwireshark (libwireshark16 for 4.0,
# libwireshark18 for 4.4, libwireshark19 for 4.6): asked of dpkg, since the
# name follows the library's SONAME, which Wireshark bumps between releases.
set(FAXCALLS_LIBWIRESHARK_PKG "" CACHE STRING "Debian package of libwireshark (empty: ask dpkg)")
if(NOT FAXCALLS_LIBWIRESHARK_PKG)
  find_program(_fc_pkgconfig pkg-config)
  find_program(_fc_dpkg_query dpkg-query)
  if(_fc_pkgconfig AND _fc_dpkg_query)
    execute_process(COMMAND "${_fc_pkgconfig}" --variable=libdir wireshark
                    OUTPUT_VARIABLE _fc_libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
    file(REAL_PATH "${_fc_libdir}/libwireshark.so" _fc_lib)
    execute_process(COMMAND "${_fc_dpkg_query}" -S "${_fc_lib}"
                    OUTPUT_VARIABLE _fc_owner OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE _fc_rc ERROR_QUIET)
    if(_fc_rc EQUAL 0 AND _fc_owner MATCHES "^([a-z0-9.+-]+)(:[a-z0-9]+)?: ")
      set(FAXCALLS_LIBWIRESHARK_PKG "${CMAKE_MATCH_1}")
    endif()
  endif()
endif()

set(CPACK_PACKAGE_NAME faxcalls)
set(CPACK_PACKAGE_VENDOR "faxcalls")
set(CPACK_PACKAGE_CONTACT "faxcalls developers" CACHE STRING "Maintainer field of the packages")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Wireshark plugin that finds fax-over-IP (T.38) calls and explains them")
set(CPACK_PACKAGE_DESCRIPTION
"faxcalls finds every fax call in a capture (SIP dialogs that offer T.38, and
T.38 streams with no signalling) and tells its story: T.38 negotiation,
training (FTT, fallback rates), pages sent and confirmed, UDPTL loss, and why
a fax failed, with the frames that prove it.  It adds tshark -z fax,stat,
fax,report, fax,json and fax,csv, a Telephony > Fax Calls dialog, fax.*
display filter fields and expert hints.
This build is for Wireshark ${FAXCALLS_WS_VERSION} only.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_PACKAGE_RELEASE "1+ws${FAXCALLS_WS_VERSION}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # NAME_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_ENHANCES "tshark, wireshark")
# libtiff, libpng, GLib, libwsutil and libc: dpkg-shlibdeps names them as
# this distribution does (libpng16-16 on Debian 12, libpng16-16t64 later).
# libwireshark: pinned to this X.Y, since the plugin's ABI is that release's.
if(FAXCALLS_LIBWIRESHARK_PKG)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "${FAXCALLS_LIBWIRESHARK_PKG} (>= ${FAXCALLS_WS_VERSION}), ${FAXCALLS_LIBWIRESHARK_PKG} (<< ${_fc_ws_major}.${_fc_ws_next}~)")
else()
  message(WARNING "faxcalls: no Debian package owns libwireshark here; the .deb will not pin Wireshark ${FAXCALLS_WS_VERSION}")
endif()
find_program(_fc_shlibdeps dpkg-shlibdeps)
find_program(_fc_file file)
if(_fc_shlibdeps AND _fc_file)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  message(STATUS "faxcalls: no dpkg-shlibdeps or file: a .deb would lack its library dependencies")
endif()
message(STATUS "faxcalls: cpack -G DEB makes faxcalls_${PROJECT_VERSION}-${CPACK_DEBIAN_PACKAGE_RELEASE}, depends on ${FAXCALLS_LIBWIRESHARK_PKG} ${FAXCALLS_WS_VERSION}")

set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/__pycache__/")
include(CPack)
