#include "hal/remote/remote_protocol.h"

namespace kb::hal::remote {

const char* status_name(Status s) {
  switch (s) {
    case Status::kOk: return "ok";
    case Status::kMalformed: return "malformed request";
    case Status::kUnknownOp: return "unknown opcode";
    case Status::kTooLarge: return "over a bound";
    case Status::kUnauthorized: return "not authorised";
    case Status::kBadVersion: return "unsupported protocol version";
    case Status::kRejected: return "rejected by the bench";
    case Status::kNoSuchBench: return "no such bench";
    case Status::kBusy: return "server busy";
    case Status::kUnsupported: return "not supported by this bench";
    case Status::kInternal: return "internal error";
    case Status::kProtocolState: return "out of sequence";
  }
  return "unknown status";
}

Writer& Writer::blob16(std::span<const uint8_t> b) {
  if (b.size() > 0xFFFF) throw std::length_error("blob16 over 65535 bytes");
  u16(static_cast<uint16_t>(b.size()));
  return bytes(b);
}

Writer& Writer::str16(std::string_view s) {
  return blob16(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

Writer& Writer::str32(std::string_view s) {
  if (s.size() > 0xFFFFFFFFu) throw std::length_error("str32 over 4 GiB");
  u32(static_cast<uint32_t>(s.size()));
  return bytes(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
}

uint64_t Reader::le(int n) {
  std::span<const uint8_t> b = take(static_cast<size_t>(n));
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(b[static_cast<size_t>(i)]) << (8 * i);
  return v;
}

std::span<const uint8_t> Reader::take(size_t n) {
  if (n > data_.size()) {
    throw DecodeError(Status::kMalformed, "truncated: a field needs " + std::to_string(n) + " bytes, " +
                                              std::to_string(data_.size()) + " left");
  }
  std::span<const uint8_t> part = data_.first(n);
  data_ = data_.subspan(n);
  return part;
}

std::span<const uint8_t> Reader::blob16(size_t max) {
  const size_t n = u16();
  if (n > max) {
    throw DecodeError(Status::kTooLarge,
                      "a field of " + std::to_string(n) + " bytes is over the bound of " + std::to_string(max));
  }
  return take(n);
}

std::string Reader::str16(size_t max) {
  std::span<const uint8_t> b = blob16(max);
  return std::string(b.begin(), b.end());
}

std::string Reader::str32(size_t max) {
  const size_t n = u32();
  if (n > max) {
    throw DecodeError(Status::kTooLarge,
                      "a field of " + std::to_string(n) + " bytes is over the bound of " + std::to_string(max));
  }
  std::span<const uint8_t> b = take(n);
  return std::string(b.begin(), b.end());
}

void Reader::finish() const {
  if (!data_.empty())
    throw DecodeError(Status::kMalformed, std::to_string(data_.size()) + " unexpected trailing bytes");
}

void encode_bench_info(Writer& w, const BenchInfo& info) {
  w.u16(info.version).str16(info.name).u32(info.bus_rate_hz);
  w.u8(static_cast<uint8_t>((info.has_registers ? 1 : 0) | (info.powered ? 2 : 0)));
  w.u64(info.p256_scalar_multiplication_ns).u64(info.p256_verify_ns);
  w.u8(static_cast<uint8_t>(info.devices.size()));
  for (const auto& d : info.devices) w.str16(d.name).str16(d.kind).u8(d.address7);
}

BenchInfo decode_bench_info(Reader& r) {
  BenchInfo info;
  info.version = r.u16();
  info.name = r.str16(kMaxNameBytes);
  info.bus_rate_hz = r.u32();
  const uint8_t flags = r.u8();
  info.has_registers = (flags & 1) != 0;
  info.powered = (flags & 2) != 0;
  info.p256_scalar_multiplication_ns = r.u64();
  info.p256_verify_ns = r.u64();
  const size_t n = r.u8();
  for (size_t i = 0; i < n; ++i) {
    BenchInfo::Device d;
    d.name = r.str16(kMaxNameBytes);
    d.kind = r.str16(kMaxNameBytes);
    d.address7 = r.u8();
    info.devices.push_back(std::move(d));
  }
  return info;
}

std::vector<uint8_t> error_body(Status status, std::string_view message) {
  Writer w;
  w.u8(static_cast<uint8_t>(status));
  const std::string_view m = message.substr(0, 1024);
  w.bytes(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(m.data()), m.size()));
  return w.take();
}

std::vector<uint8_t> frame(std::span<const uint8_t> body) {
  Writer w;
  w.u32(static_cast<uint32_t>(body.size()));
  w.bytes(body);
  return w.take();
}

}  // namespace kb::hal::remote
