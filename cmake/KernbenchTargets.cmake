# Shared target helpers: warnings, sanitizers, one library per layer, one test
# executable per layer.

add_library(kernbench_options INTERFACE)
target_compile_options(kernbench_options INTERFACE -Wall -Wextra -Wpedantic)
if(KERNBENCH_SANITIZE)
  target_compile_options(kernbench_options INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(kernbench_options INTERFACE -fsanitize=address,undefined)
endif()

# kernbench_layer(NAME SOURCES ... [DEPS ...])
#   Defines kernbench_<NAME> with alias kernbench::<NAME>; headers are included
#   as "<NAME>/file.hpp" relative to src/.
function(kernbench_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(kernbench_${name} STATIC ${ARG_SOURCES})
  add_library(kernbench::${name} ALIAS kernbench_${name})
  target_include_directories(kernbench_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(kernbench_${name} PUBLIC ${ARG_DEPS} kernbench_options)
endfunction()

# kernbench_test(LAYER SOURCES ... [DEPS ...] [TIMEOUT SECONDS])
#   The GoogleTest executable kernbench_<LAYER>_tests; its tests are registered
#   with CTest as "<LAYER>.<Suite>.<Test>" so a layer can be selected with -R.
#   TIMEOUT bounds each test (tests that start processes: a hang fails the
#   test instead of the whole run).
function(kernbench_test layer)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;DEPS" ${ARGN})
  set(name kernbench_${layer}_tests)
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest_main kernbench_options)
  set(timeout)
  if(ARG_TIMEOUT)
    set(timeout TIMEOUT ${ARG_TIMEOUT})
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST TEST_PREFIX "${layer}."
    PROPERTIES ENVIRONMENT "KERNBENCH_SOURCE_DIR=${PROJECT_SOURCE_DIR}" ${timeout})
endfunction()
