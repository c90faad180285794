# libleadc: the embedding API of include/leadc/leadc.h, shared and static, made of the compiler
# and runtime libraries. It compiles models with the interpreter as their backend, so it needs no
# LLVM. Only the API is exported. Included from the top-level CMakeLists.txt.
add_library(leadc_lib_shared SHARED $<TARGET_OBJECTS:leadc_core> $<TARGET_OBJECTS:leadc_rt>)
add_library(leadc_lib_static STATIC $<TARGET_OBJECTS:leadc_core> $<TARGET_OBJECTS:leadc_rt>)
foreach(lib leadc_lib_shared leadc_lib_static)
  set_target_properties(${lib} PROPERTIES OUTPUT_NAME leadc)
  target_include_directories(${lib} INTERFACE $<BUILD_INTERFACE:${CMAKE_SOURCE_DIR}/include>
                             $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${lib} PRIVATE PkgConfig::PCRE2 Threads::Threads m)
endforeach()
set_target_properties(leadc_lib_shared PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
                      LINK_DEPENDS ${CMAKE_SOURCE_DIR}/cmake/leadc.map)
target_link_options(leadc_lib_shared PRIVATE -Wl,--version-script=${CMAKE_SOURCE_DIR}/cmake/leadc.map)

# The public headers compile on their own under strict warnings, as C and (where there is a C++
# compiler) as C++.
set(LEADC_PUBLIC_HEADERS ${CMAKE_SOURCE_DIR}/include/leadc/leadc.h ${CMAKE_SOURCE_DIR}/include/leadc/runtime.h)
set(LEADC_HEADERTEST_STAMPS)
find_program(LEADC_CXX NAMES c++ g++ clang++)
foreach(header ${LEADC_PUBLIC_HEADERS})
  get_filename_component(name ${header} NAME_WE)
  add_custom_command(OUTPUT headertest_${name}_c.stamp
    COMMAND ${CMAKE_C_COMPILER} -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only
            -I${CMAKE_SOURCE_DIR}/include -x c ${header}
    COMMAND ${CMAKE_COMMAND} -E touch headertest_${name}_c.stamp
    DEPENDS ${header} COMMENT "headertest: ${name}.h as C11" VERBATIM)
  list(APPEND LEADC_HEADERTEST_STAMPS headertest_${name}_c.stamp)
  if(LEADC_CXX)
    add_custom_command(OUTPUT headertest_${name}_cxx.stamp
      COMMAND ${LEADC_CXX} -std=c++11 -Wall -Wextra -pedantic -Werror -fsyntax-only
              -I${CMAKE_SOURCE_DIR}/include -x c++ ${header}
      COMMAND ${CMAKE_COMMAND} -E touch headertest_${name}_cxx.stamp
      DEPENDS ${header} COMMENT "headertest: ${name}.h as C++" VERBATIM)
    list(APPEND LEADC_HEADERTEST_STAMPS headertest_${name}_cxx.stamp)
  endif()
endforeach()
add_custom_target(headertest ALL DEPENDS ${LEADC_HEADERTEST_STAMPS})
