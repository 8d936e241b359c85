// `kernbench triton [options] script.py [script args]`: runs a Triton script
// on the simulator. The work is done by the Python package (kernbench.cli);
// this replaces the process with the project's interpreter, with the
// project's `triton` and `kernbench` packages first on the module path.

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

int run_triton(int argc, char** argv) {
  std::string path = KERNBENCH_PYTHON_DIR;
  if (const char* old = std::getenv("PYTHONPATH"); old != nullptr && *old != '\0') {
    path += ":" + std::string(old);
  }
  ::setenv("PYTHONPATH", path.c_str(), 1);
  ::setenv("KERNBENCH_BUILD_DIR", KERNBENCH_BUILD_DIR, 0);
  std::vector<char*> args;
  std::string python = KERNBENCH_PYTHON;
  std::string dash_m = "-m", module = "kernbench.cli";
  args.push_back(python.data());
  args.push_back(dash_m.data());
  args.push_back(module.data());
  for (int i = 0; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  ::execv(python.c_str(), args.data());
  std::cerr << "error: cannot start the Python interpreter " << python << ": "
            << std::strerror(errno) << " (run scripts/install-deps.sh)\n";
  return 2;
}
