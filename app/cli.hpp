// The command-line surface (CLI.md): one add_<cmd>_command per subcommand, binding a plain
// options struct. Parsing only; the commands run in their own files.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "check_command.hpp"
#include "evstudy/io/run_options.hpp"

namespace evstudy::app {

struct GlobalOptions {
  bool quiet = false;
  bool verbose = false;
};

struct RunCommand {
  CLI::App* app = nullptr;
  std::string spec;  // optional JSON spec file
  RunOptions options;
};

void add_global_options(CLI::App& app, GlobalOptions& options);
void add_run_command(CLI::App& app, RunCommand& command);
void add_surprise_command(CLI::App& app, RunCommand& command);
CLI::App* add_check_command(CLI::App& app, CheckOptions& options);

/// The options of `command` with the spec file's values under those not given on the command line.
RunOptions merged_run_options(const RunCommand& command);

}  // namespace evstudy::app
