# What `cmake --install` puts in place besides the targets themselves, and the Debian package (CPack).
# The installed interface is the C API: libkyso.so, kyso/kyso.h, the CMake package (kyso::c), kyso.pc,
# and the Python and .NET wrappers over it. Every path below is relative to the prefix, so
# `cmake --install --prefix P` and the .deb (prefix /usr) come from the same rules.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Installed binaries name no path of this tree: __FILE__ (assert() in a Debug build) becomes relative.
foreach(target kyso kyso_shared kyso_cli)
  if(TARGET ${target})
    target_compile_options(${target} PRIVATE -fmacro-prefix-map=${PROJECT_SOURCE_DIR}/=)
  endif()
endforeach()

set(KYSO_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/kyso)
# Debian's python3 reads /usr/lib/python3/dist-packages (not multiarch): pure Python goes there.
set(KYSO_INSTALL_PYTHONDIR lib/python3/dist-packages CACHE STRING "Where the Python package kyso is installed")

if(TARGET kyso_shared)
  install(EXPORT kysoTargets NAMESPACE kyso:: DESTINATION ${KYSO_INSTALL_CMAKEDIR})
  configure_package_config_file(cmake/kysoConfig.cmake.in ${PROJECT_BINARY_DIR}/kysoConfig.cmake
                                INSTALL_DESTINATION ${KYSO_INSTALL_CMAKEDIR})
  # The C ABI only grows within a SONAME (libkyso.so.0): an installed 0.x satisfies find_package(kyso 0.y), y <= x.
  write_basic_package_version_file(${PROJECT_BINARY_DIR}/kysoConfigVersion.cmake COMPATIBILITY SameMajorVersion)
  install(FILES ${PROJECT_BINARY_DIR}/kysoConfig.cmake ${PROJECT_BINARY_DIR}/kysoConfigVersion.cmake
          DESTINATION ${KYSO_INSTALL_CMAKEDIR})

  file(RELATIVE_PATH KYSO_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
  string(REGEX REPLACE "/$" "" KYSO_PC_TO_PREFIX "${KYSO_PC_TO_PREFIX}")
  configure_file(cmake/kyso.pc.in ${PROJECT_BINARY_DIR}/kyso.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/kyso.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

  # The Python package finds the installed libkyso.so.0 through a path relative to itself (_installed.py),
  # so it needs neither KYSO_LIBRARY nor the library on the loader's path.
  get_target_property(KYSO_SOVERSION kyso_shared SOVERSION)
  file(RELATIVE_PATH KYSO_PY_TO_LIBRARY ${CMAKE_INSTALL_PREFIX}/${KYSO_INSTALL_PYTHONDIR}/kyso
       ${CMAKE_INSTALL_FULL_LIBDIR}/libkyso.so.${KYSO_SOVERSION})
  file(WRITE ${PROJECT_BINARY_DIR}/python/_installed.py
       "# Written by cmake/packaging.cmake: libkyso.so of this installation, relative to this directory.\n"
       "LIBRARY = \"${KYSO_PY_TO_LIBRARY}\"\n")
  install(DIRECTORY bindings/python/kyso DESTINATION ${KYSO_INSTALL_PYTHONDIR}
          FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
  install(FILES ${PROJECT_BINARY_DIR}/python/_installed.py DESTINATION ${KYSO_INSTALL_PYTHONDIR}/kyso)

  # Samples that build against the installed package (sign_record.cpp needs the C++ library: not installed).
  install(FILES samples/sign_claims.c samples/SignClaims.cs DESTINATION ${CMAKE_INSTALL_DOCDIR}/samples)
endif()
install(FILES LICENSE cmake/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR}) # Apache-2.0
install(FILES README.md CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# cpack -G DEB: one package, kyso, with the CLI, the library, its development files and the wrappers.
# Its ELF files are stripped (libkyso.so is ~54 MB with its debug information in RelWithDebInfo, 1.8 MB
# without); the debug information goes to kyso-dbgsym_<version>_<arch>.ddeb (/usr/lib/debug/.build-id/),
# which symbolizes a hospital's crash dump. CPack strips while splitting, so CPACK_STRIP_FILES stays off.
set(CPACK_PACKAGE_NAME kyso)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR kyso)
set(CPACK_PACKAGE_CONTACT "kyso-dev <dev@kyso.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "sign and verify Vietnamese medical records (XML-DSig claims, PAdES)")
set(CPACK_PACKAGE_DESCRIPTION "kyso signs health-insurance claims XML and PDF medical records\n\
through PKCS#11 tokens, HSMs and PKCS#12 files, and verifies them with\n\
ETSI EN 319 102-1 reports. This package holds the kyso command, libkyso.so.0\n\
with its C header, CMake package and pkg-config file, and the Python and .NET\n\
wrappers over the C API.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_DEBIAN_DEBUGINFO_PACKAGE ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
# Depends: computed by dpkg-shlibdeps (dpkg-dev) from the ELF files; shlibs lets other packages do the same.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=") # the C ABI only grows within libkyso.so.0
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/cmake/debian/triggers)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3, mono-runtime, softhsm2")
include(CPack)
