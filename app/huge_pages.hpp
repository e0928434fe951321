// The heap in transparent huge pages: glibc's malloc asks the kernel for them only when the
// tunable glibc.malloc.hugetlb=1 is set when the process starts, so evstudy restarts itself
// once with it. Each 4 KiB page a process touches for the first time costs a page fault; a run
// on the large benchmark case touches some 100,000 of them for its columns, and on a virtual
// machine a fault costs several microseconds (docs/performance.md). The threads' own heaps
// (malloc's arenas) get huge pages only when each is made whole at once: glibc advises a heap
// when it is made, not as it grows, and grows it by the top pad; so the pad is set to a heap's
// whole 64 MiB (address space, not memory: a page is used only when touched). Blocks up to
// 32 MiB (the most glibc allows) come from the heaps too, not from mappings of their own (each
// fresh memory, returned when freed), so that freed memory serves later blocks: a tenth fewer
// page faults and 4-6% less time on the benchmark cases (docs/performance.md). Process set-up only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace evstudy::app {

/// The GLIBC_TUNABLES value with glibc.malloc.hugetlb=1 added to `tunables` (the current value,
/// null when unset), glibc.malloc.top_pad=64 MiB and glibc.malloc.mmap_threshold=32 MiB unless
/// `tunables` sets them, or nothing when it is not to change: the tunable already set (by the
/// user, which includes turning it off with 0, or by this restart), or the kernel's mode of
/// transparent huge pages (`thp_enabled`, the text of
/// /sys/kernel/mm/transparent_hugepage/enabled) other than "madvise" (with "always" the heap
/// gets them anyway, with "never" not at all).
std::optional<std::string> tunables_with_huge_pages(const char* tunables, std::string_view thp_enabled);

/// Restarts this program (same arguments) with the tunable when tunables_with_huge_pages says
/// so, glibc has it (2.35 and later), no sanitizer replaces malloc and the program does not run
/// under valgrind. Returns only when it does not restart (or the restart fails: then nothing
/// changed).
void restart_with_huge_pages(char** argv);

}  // namespace evstudy::app
