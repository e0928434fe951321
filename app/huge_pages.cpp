#include "huge_pages.hpp"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include <unistd.h>

namespace evstudy::app {

std::optional<std::string> tunables_with_huge_pages(const char* tunables, std::string_view thp_enabled) {
  if (thp_enabled.find("[madvise]") == std::string_view::npos) return std::nullopt;
  const std::string_view current = tunables != nullptr ? tunables : "";
  if (current.find("glibc.malloc.hugetlb") != std::string_view::npos) return std::nullopt;
  std::string out(current);
  if (!out.empty()) out += ':';
  out += "glibc.malloc.hugetlb=1";
  if (current.find("glibc.malloc.top_pad") == std::string_view::npos) out += ":glibc.malloc.top_pad=67108864";
  if (current.find("glibc.malloc.mmap_threshold") == std::string_view::npos)
    out += ":glibc.malloc.mmap_threshold=33554432";
  return out;
}

void restart_with_huge_pages([[maybe_unused]] char** argv) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 35)) && !defined(__SANITIZE_ADDRESS__)
  // Valgrind would not follow the restart (the program would run outside it).
  if (const char* preload = std::getenv("LD_PRELOAD"); preload != nullptr && std::strstr(preload, "vgpreload") != nullptr)
    return;
  std::ifstream mode("/sys/kernel/mm/transparent_hugepage/enabled");
  const std::string thp_enabled((std::istreambuf_iterator<char>(mode)), std::istreambuf_iterator<char>());
  const std::optional<std::string> tunables = tunables_with_huge_pages(std::getenv("GLIBC_TUNABLES"), thp_enabled);
  if (!tunables || setenv("GLIBC_TUNABLES", tunables->c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
#endif
}

}  // namespace evstudy::app
