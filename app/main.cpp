// evstudy's entry point: parse the command line, run the subcommand, and be the last line of
// defence: every error becomes one line on stderr and a sysexits code (docs/cli.md).
#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "check_command.hpp"
#include "cli.hpp"
#include "exit_codes.hpp"
#include "huge_pages.hpp"
#include "run_command.hpp"
#include "surprise_command.hpp"

namespace {

using namespace evstudy::app;

/// Logs go to stderr, never stdout: stdout belongs to the results.
void setup_logging(const GlobalOptions& options) {
  auto logger = spdlog::stderr_color_st("evstudy");
  logger->set_pattern("evstudy: %l: %v");
  logger->set_level(options.quiet     ? spdlog::level::err
                    : options.verbose ? spdlog::level::debug
                                      : spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::cfg::load_env_levels();  // SPDLOG_LEVEL=debug wins over flags
}

/// Everything but the last line of defence; may throw.
int run_cli(int argc, char** argv) {
  CLI::App app{"evstudy: abnormal returns and event-study statistics around events"};
  app.require_subcommand(1);
  app.fallthrough();  // -q and -v also after the subcommand
  app.set_version_flag("--version", "evstudy 0.1.0");
  GlobalOptions global;
  add_global_options(app, global);
  RunCommand run;
  add_run_command(app, run);
  RunCommand surprise;
  add_surprise_command(app, surprise);
  CheckOptions check;
  CLI::App* check_app = add_check_command(app, check);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    throw evstudy::Error(evstudy::ErrorKind::usage, std::string(e.what()) + " (see --help)");
  }
  setup_logging(global);
  // Test hook (docs/hacking.md): proves that a bug surfaces as exit 70 with a one-line message.
  if (const char* hook = std::getenv("EVSTUDY_TEST_INTERNAL_ERROR"); hook != nullptr && *hook != '\0')
    throw std::logic_error(std::string("test hook EVSTUDY_TEST_INTERNAL_ERROR=") + hook);
  if (run.app->parsed()) return run_study_command(merged_run_options(run));
  if (check_app->parsed()) return check_command(check);
  if (surprise.app->parsed()) return surprise_command(merged_run_options(surprise));
  return exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
  // Before anything is allocated: the heap in huge pages (docs/performance.md).
  restart_with_huge_pages(argv);
  try {
    return run_cli(argc, argv);
  } catch (const evstudy::Error& e) {
    std::fprintf(stderr, "evstudy: error: %s\n", e.what());
    return exit_code(e.kind());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "evstudy: error: internal: %s\n", e.what());
    return exit_software;
  } catch (...) {
    std::fputs("evstudy: error: internal: unknown exception\n", stderr);
    return exit_software;
  }
}
