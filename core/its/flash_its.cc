#include "core/its/flash_its.h"

#include <cstring>

namespace kb::core::its {

namespace {

void put_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
void put_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
uint32_t get_u32(const uint8_t* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
uint64_t get_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
size_t padded(size_t n) {
  return (n + 3) & ~static_cast<size_t>(3);
}

// The CRC of a header (sequence, length) and the entries that follow it.
uint32_t image_crc(uint32_t sequence, uint32_t length, std::span<const uint8_t> entries) {
  uint8_t fields[8];
  put_u32(fields, sequence);
  put_u32(fields + 4, length);
  uint32_t crc = its_crc32(0, fields);
  return its_crc32(crc, entries);
}

}  // namespace

const char* its_status_name(ItsStatus s) {
  switch (s) {
    case ItsStatus::kOk: return "ok";
    case ItsStatus::kDoesNotExist: return "does not exist";
    case ItsStatus::kInvalidArgument: return "invalid argument";
    case ItsStatus::kNotPermitted: return "not permitted (write-once)";
    case ItsStatus::kInsufficientStorage: return "insufficient storage";
    case ItsStatus::kStorageFailure: return "storage failure";
    case ItsStatus::kDataCorrupt: return "data corrupt";
  }
  return "unknown ITS status";
}

uint32_t its_crc32(uint32_t crc, std::span<const uint8_t> data) {
  crc = ~crc;
  for (uint8_t b : data) {
    crc ^= b;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

FlashIts::FlashIts(hal::FlashRegion& flash) : flash_(flash) {}

bool FlashIts::bank_valid(int bank, uint32_t* sequence, uint32_t* length) {
  const size_t base = static_cast<size_t>(bank) * bank_bytes_;
  uint8_t header[kHeaderBytes];
  if (flash_.read(base, header) != hal::FlashResult::kOk) return false;
  if (get_u32(header) != kMagic) return false;
  const uint32_t seq = get_u32(header + 4);
  const uint32_t len = get_u32(header + 8);
  const uint32_t stored_crc = get_u32(header + 12);
  if (stored_crc == 0xFFFFFFFFu || len > bank_bytes_ - kHeaderBytes || len > kMaxImageBytes || len % 4 != 0)
    return false;
  // Read into the image buffer: the caller reads the chosen bank again.
  if (flash_.read(base + kHeaderBytes, std::span<uint8_t>(image_).first(len)) != hal::FlashResult::kOk) return false;
  if (image_crc(seq, len, std::span<const uint8_t>(image_).first(len)) != stored_crc) return false;
  *sequence = seq;
  *length = len;
  return true;
}

ItsStatus FlashIts::mount() {
  mounted_ = false;
  active_ = -1;
  sequence_ = 0;
  length_ = 0;
  const size_t page = flash_.page_size();
  const size_t word = flash_.word_size();
  if (page == 0 || word == 0 || 4 % word != 0 || flash_.size() < 2 * page) return ItsStatus::kStorageFailure;
  bank_bytes_ = (flash_.size() / 2) / page * page;
  if (bank_bytes_ < kHeaderBytes + kEntryHeaderBytes) return ItsStatus::kStorageFailure;
  uint32_t seq[2] = {0, 0};
  uint32_t len[2] = {0, 0};
  bool valid[2] = {false, false};
  for (int b = 0; b < 2; ++b) valid[b] = bank_valid(b, &seq[b], &len[b]);
  int pick = -1;
  if (valid[0] && valid[1]) {
    pick = static_cast<int32_t>(seq[1] - seq[0]) > 0 ? 1 : 0;
  } else if (valid[0]) {
    pick = 0;
  } else if (valid[1]) {
    pick = 1;
  }
  if (pick >= 0) {
    uint32_t s = 0;
    uint32_t l = 0;
    if (!bank_valid(pick, &s, &l)) return ItsStatus::kStorageFailure;
    active_ = pick;
    sequence_ = s;
    length_ = l;
  }
  mounted_ = true;
  return ItsStatus::kOk;
}

ItsStatus FlashIts::ensure_mounted() {
  if (mounted_) return ItsStatus::kOk;
  return mount();
}

size_t FlashIts::entry_count() const {
  size_t n = 0;
  for (size_t at = 0; at + kEntryHeaderBytes <= length_;) {
    ++n;
    at += kEntryHeaderBytes + padded(get_u32(&image_[at + 12]));
  }
  return n;
}

bool FlashIts::find(uint64_t uid, Found* found) const {
  for (size_t at = 0; at + kEntryHeaderBytes <= length_;) {
    const uint32_t size = get_u32(&image_[at + 12]);
    if (get_u64(&image_[at]) == uid) {
      found->offset = at;
      found->flags = get_u32(&image_[at + 8]);
      found->size = size;
      return true;
    }
    at += kEntryHeaderBytes + padded(size);
  }
  return false;
}

ItsStatus FlashIts::commit(size_t length) {
  const int target = active_ == 0 ? 1 : 0;
  const size_t base = static_cast<size_t>(target) * bank_bytes_;
  const size_t page = flash_.page_size();
  auto fail = [&](hal::FlashResult r) {
    (void)r;
    // The RAM image no longer matches flash: reload what flash holds.
    (void)mount();
    return ItsStatus::kStorageFailure;
  };
  for (size_t p = 0; p < bank_bytes_ / page; ++p) {
    hal::FlashResult r = flash_.erase_page(base / page + p);
    if (r != hal::FlashResult::kOk) return fail(r);
  }
  if (length > 0) {
    hal::FlashResult r = flash_.program(base + kHeaderBytes, std::span<const uint8_t>(image_).first(length));
    if (r != hal::FlashResult::kOk) return fail(r);
  }
  uint32_t seq = sequence_ + 1;
  uint32_t crc = image_crc(seq, static_cast<uint32_t>(length), std::span<const uint8_t>(image_).first(length));
  if (crc == 0xFFFFFFFFu) {
    ++seq;
    crc = image_crc(seq, static_cast<uint32_t>(length), std::span<const uint8_t>(image_).first(length));
  }
  uint8_t header[kHeaderBytes];
  put_u32(header, kMagic);
  put_u32(header + 4, seq);
  put_u32(header + 8, static_cast<uint32_t>(length));
  put_u32(header + 12, crc);
  hal::FlashResult r = flash_.program(base, header);
  if (r != hal::FlashResult::kOk) return fail(r);
  active_ = target;
  sequence_ = seq;
  length_ = length;
  return ItsStatus::kOk;
}

ItsStatus FlashIts::set(uint64_t uid, std::span<const uint8_t> data, uint32_t flags) {
  if (ItsStatus s = ensure_mounted(); s != ItsStatus::kOk) return s;
  Found f;
  size_t length = length_;
  if (find(uid, &f)) {
    if (f.flags & kItsFlagWriteOnce) return ItsStatus::kNotPermitted;
    const size_t old_bytes = kEntryHeaderBytes + padded(f.size);
    const size_t new_total = length_ - old_bytes + kEntryHeaderBytes + padded(data.size());
    if (new_total > bank_bytes_ - kHeaderBytes || new_total > kMaxImageBytes) return ItsStatus::kInsufficientStorage;
    // Close the gap, then append the new value at the end.
    std::memmove(&image_[f.offset], &image_[f.offset + old_bytes], length_ - f.offset - old_bytes);
    length = length_ - old_bytes;
  } else {
    const size_t new_total = length_ + kEntryHeaderBytes + padded(data.size());
    if (data.size() > 0xFFFFFFFFu || new_total > bank_bytes_ - kHeaderBytes || new_total > kMaxImageBytes)
      return ItsStatus::kInsufficientStorage;
  }
  uint8_t* e = &image_[length];
  put_u64(e, uid);
  put_u32(e + 8, flags);
  put_u32(e + 12, static_cast<uint32_t>(data.size()));
  if (!data.empty()) std::memcpy(e + kEntryHeaderBytes, data.data(), data.size());
  std::memset(e + kEntryHeaderBytes + data.size(), 0, padded(data.size()) - data.size());
  return commit(length + kEntryHeaderBytes + padded(data.size()));
}

ItsStatus FlashIts::get(uint64_t uid, uint32_t offset, std::span<uint8_t> out, size_t* copied) {
  if (copied) *copied = 0;
  if (ItsStatus s = ensure_mounted(); s != ItsStatus::kOk) return s;
  Found f;
  if (!find(uid, &f)) return ItsStatus::kDoesNotExist;
  if (offset > f.size || out.size() > f.size - offset) return ItsStatus::kInvalidArgument;
  if (!out.empty()) std::memcpy(out.data(), &image_[f.offset + kEntryHeaderBytes + offset], out.size());
  if (copied) *copied = out.size();
  return ItsStatus::kOk;
}

ItsStatus FlashIts::get_info(uint64_t uid, ItsInfo* info) {
  if (ItsStatus s = ensure_mounted(); s != ItsStatus::kOk) return s;
  Found f;
  if (!find(uid, &f)) return ItsStatus::kDoesNotExist;
  info->size = f.size;
  info->flags = f.flags;
  return ItsStatus::kOk;
}

ItsStatus FlashIts::remove(uint64_t uid) {
  if (ItsStatus s = ensure_mounted(); s != ItsStatus::kOk) return s;
  Found f;
  if (!find(uid, &f)) return ItsStatus::kDoesNotExist;
  if (f.flags & kItsFlagWriteOnce) return ItsStatus::kNotPermitted;
  const size_t bytes = kEntryHeaderBytes + padded(f.size);
  std::memmove(&image_[f.offset], &image_[f.offset + bytes], length_ - f.offset - bytes);
  return commit(length_ - bytes);
}

ItsStatus FlashIts::erase_all() {
  if (ItsStatus s = ensure_mounted(); s != ItsStatus::kOk) return s;
  // An empty image with a newer sequence first (atomic), then the older bank erased so no stale
  // copy of a key file stays behind. A cut during that erase leaves the empty image newest.
  if (ItsStatus s = commit(0); s != ItsStatus::kOk) return s;
  const int other = active_ == 0 ? 1 : 0;
  const size_t page = flash_.page_size();
  const size_t base = static_cast<size_t>(other) * bank_bytes_;
  for (size_t p = 0; p < bank_bytes_ / page; ++p) {
    if (flash_.erase_page(base / page + p) != hal::FlashResult::kOk) {
      (void)mount();
      return ItsStatus::kStorageFailure;
    }
  }
  return ItsStatus::kOk;
}

}  // namespace kb::core::its
