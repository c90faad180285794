# `cmake --install`: leadc, libleadc (shared and static) with its headers, pkg-config file and
# CMake package (imported targets leadc::leadc and leadc::leadc_static), the runtime libraries
# `leadc build` links programs against, the stdlib sources (for -I and for reading), and the
# man page. Included from the top-level CMakeLists.txt.
include(CMakePackageConfigHelpers)

install(TARGETS leadc RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set_target_properties(leadc_lib_shared PROPERTIES EXPORT_NAME leadc)
set_target_properties(leadc_lib_static PROPERTIES EXPORT_NAME leadc_static)
install(TARGETS leadc_lib_shared leadc_lib_static EXPORT leadcTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS leadc_rt leadc_driver ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(FILES include/leadc/leadc.h include/leadc/runtime.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/leadc)

# The prefix is found from the .pc file's own place, so an installed tree can be moved.
file(RELATIVE_PATH LEADC_PC_TO_PREFIX /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
string(REGEX REPLACE "/$" "" LEADC_PC_TO_PREFIX "${LEADC_PC_TO_PREFIX}")
configure_file(cmake/leadc.pc.in ${CMAKE_BINARY_DIR}/leadc.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/leadc.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(LEADC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/leadc)
install(EXPORT leadcTargets NAMESPACE leadc:: DESTINATION ${LEADC_CMAKE_DIR})
configure_package_config_file(cmake/leadcConfig.cmake.in ${CMAKE_BINARY_DIR}/leadcConfig.cmake
                              INSTALL_DESTINATION ${LEADC_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/leadcConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/leadcConfig.cmake ${CMAKE_BINARY_DIR}/leadcConfigVersion.cmake
        DESTINATION ${LEADC_CMAKE_DIR})

install(DIRECTORY stdlib/ DESTINATION ${CMAKE_INSTALL_DATADIR}/leadc/stdlib)
install(FILES docs/leadc.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
