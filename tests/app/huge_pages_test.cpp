#include <catch2/catch.hpp>

#include "huge_pages.hpp"

using evstudy::app::tunables_with_huge_pages;

TEST_CASE("the heap asks for huge pages when the kernel gives them on request", "[app]") {
  const char* madvise_mode = "always [madvise] never\n";
  const std::string all = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864:glibc.malloc.mmap_threshold=33554432";
  CHECK(tunables_with_huge_pages(nullptr, madvise_mode) == all);
  CHECK(tunables_with_huge_pages("", madvise_mode) == all);
  // The user's other tunables are kept, and so are a top pad and a mapping threshold of their own.
  CHECK(tunables_with_huge_pages("glibc.malloc.arena_max=2", madvise_mode) == "glibc.malloc.arena_max=2:" + all);
  CHECK(tunables_with_huge_pages("glibc.malloc.top_pad=0", madvise_mode) ==
        "glibc.malloc.top_pad=0:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432");
  CHECK(tunables_with_huge_pages("glibc.malloc.mmap_threshold=131072", madvise_mode) ==
        "glibc.malloc.mmap_threshold=131072:glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864");
}

TEST_CASE("the heap's tunables are left as they are when set or of no use", "[app]") {
  // Already set: by the user (0 turns it off) or by the restart itself, which thus happens once.
  CHECK_FALSE(tunables_with_huge_pages("glibc.malloc.hugetlb=0", "always [madvise] never"));
  CHECK_FALSE(tunables_with_huge_pages("glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1", "always [madvise] never"));
  // "always": every heap gets them anyway; "never" or no such file: none to get.
  CHECK_FALSE(tunables_with_huge_pages(nullptr, "[always] madvise never"));
  CHECK_FALSE(tunables_with_huge_pages(nullptr, "always madvise [never]"));
  CHECK_FALSE(tunables_with_huge_pages(nullptr, ""));
}
