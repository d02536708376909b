#include "hal/host/file_its.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "simulator/files/atomic_file.h"

namespace kb::hal::host {

using core::its::ItsInfo;
using core::its::ItsStatus;

namespace {

constexpr char kMagic[8] = {'P', 'S', 'A', '\0', 'I', 'T', 'S', '\0'};
constexpr size_t kHeaderBytes = 16;

uint32_t get_u32(const std::string& s, size_t at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(s[at + static_cast<size_t>(i)]);
  return v;
}
void put_u32(std::string& s, uint32_t v) {
  for (int i = 0; i < 4; ++i) s += static_cast<char>(static_cast<uint8_t>(v >> (8 * i)));
}

}  // namespace

std::string FileIts::path_of(uint64_t uid) const {
  char name[40];
  std::snprintf(name, sizeof name, "%016" PRIx64 ".psa_its", uid);
  return dir_ + "/" + name;
}

ItsStatus FileIts::load(uint64_t uid, std::string* data, ItsInfo* info) const {
  std::ifstream in(path_of(uid), std::ios::binary);
  if (!in) return errno == ENOENT ? ItsStatus::kDoesNotExist : ItsStatus::kStorageFailure;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return ItsStatus::kStorageFailure;
  if (bytes.size() < kHeaderBytes || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    return ItsStatus::kDataCorrupt;
  const uint32_t size = get_u32(bytes, 8);
  if (bytes.size() - kHeaderBytes != size) return ItsStatus::kDataCorrupt;
  if (info != nullptr) {
    info->size = size;
    info->flags = get_u32(bytes, 12);
  }
  if (data != nullptr) *data = bytes.substr(kHeaderBytes);
  return ItsStatus::kOk;
}

ItsStatus FileIts::set(uint64_t uid, std::span<const uint8_t> data, uint32_t flags) {
  ItsInfo old;
  ItsStatus s = load(uid, nullptr, &old);
  if (s == ItsStatus::kOk && (old.flags & core::its::kItsFlagWriteOnce)) return ItsStatus::kNotPermitted;
  if (data.size() > UINT32_MAX) return ItsStatus::kInsufficientStorage;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) {
    if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) return ItsStatus::kStorageFailure;
  }
  std::string bytes(kMagic, sizeof kMagic);
  put_u32(bytes, static_cast<uint32_t>(data.size()));
  put_u32(bytes, flags);
  for (uint8_t b : data) bytes += static_cast<char>(b);
  try {
    kb::sim::files::write_file_atomically(path_of(uid), bytes, kb::sim::files::Privacy::kPrivate);
  } catch (const kb::sim::files::FileError& e) {
    return std::strstr(e.what(), "No space") != nullptr ? ItsStatus::kInsufficientStorage : ItsStatus::kStorageFailure;
  }
  return ItsStatus::kOk;
}

ItsStatus FileIts::get(uint64_t uid, uint32_t offset, std::span<uint8_t> out, size_t* copied) {
  if (copied != nullptr) *copied = 0;
  std::string data;
  ItsStatus s = load(uid, &data, nullptr);
  if (s != ItsStatus::kOk) return s;
  if (offset > data.size() || out.size() > data.size() - offset) return ItsStatus::kInvalidArgument;
  if (!out.empty()) std::memcpy(out.data(), data.data() + offset, out.size());
  if (copied != nullptr) *copied = out.size();
  return ItsStatus::kOk;
}

ItsStatus FileIts::get_info(uint64_t uid, ItsInfo* info) {
  return load(uid, nullptr, info);
}

ItsStatus FileIts::remove(uint64_t uid) {
  ItsInfo info;
  ItsStatus s = load(uid, nullptr, &info);
  if (s == ItsStatus::kDataCorrupt) {
    // A file that is not an entry is still in the way of one: remove it.
  } else if (s != ItsStatus::kOk) {
    return s;
  } else if (info.flags & core::its::kItsFlagWriteOnce) {
    return ItsStatus::kNotPermitted;
  }
  if (::unlink(path_of(uid).c_str()) != 0)
    return errno == ENOENT ? ItsStatus::kDoesNotExist : ItsStatus::kStorageFailure;
  return ItsStatus::kOk;
}

ItsStatus FileIts::erase_all() {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec)) return ItsStatus::kOk;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    if (entry.path().extension() == ".psa_its" && ::unlink(entry.path().c_str()) != 0 && errno != ENOENT)
      return ItsStatus::kStorageFailure;
  }
  return ec ? ItsStatus::kStorageFailure : ItsStatus::kOk;
}

}  // namespace kb::hal::host
