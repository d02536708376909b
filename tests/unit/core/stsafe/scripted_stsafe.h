#pragma once
// Test helpers: hex literals, response frames, and a scripted device behind the gmock initiator
// that records every write and read and serves queued responses the way the chip does (each read
// starts again at byte 0 of the current response).
#include <gmock/gmock.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "core/stsafe/crc16.h"
#include "tests/unit/core/stsafe/mock_i2c_initiator.h"

namespace kb::test {

using Bytes = std::vector<uint8_t>;

// "14 11 FC BE" → {0x14, 0x11, 0xFC, 0xBE}; spaces are ignored.
inline Bytes hex(std::string_view text) {
  Bytes out;
  int high = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else
      continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  return out;
}

// Appends byte by byte: GCC 12 at -O2 reports a false -Warray-bounds on vector::insert of short vectors.
inline void append(Bytes& out, std::initializer_list<uint8_t> bytes) {
  for (uint8_t b : bytes) out.push_back(b);
}
inline void append(Bytes& out, const Bytes& bytes) {
  for (uint8_t b : bytes) out.push_back(b);
}

inline Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) append(out, p);
  return out;
}

// A response on the wire: header | L | payload | CRC over header + payload. The CRC comes from the
// library's own Crc16, which crc16_test pins to the fact sheet's vectors.
inline Bytes response_wire(uint8_t header, const Bytes& payload) {
  const size_t length = payload.size() + 2;
  Bytes out = {header, static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length & 0xFF)};
  append(out, payload);
  core::stsafe::Crc16 crc;
  crc.update(header);
  crc.update(payload);
  out.push_back(static_cast<uint8_t>(crc.value() >> 8));
  out.push_back(static_cast<uint8_t>(crc.value() & 0xFF));
  return out;
}

// A command on the wire: bytes | CRC over them.
inline Bytes command_wire(const Bytes& bytes) {
  Bytes out = bytes;
  const uint16_t crc = core::stsafe::crc16(bytes);
  out.push_back(static_cast<uint8_t>(crc >> 8));
  out.push_back(static_cast<uint8_t>(crc & 0xFF));
  return out;
}

// The answer of a command that succeeds with no data (fact sheet 1.3).
inline const Bytes kOkHeaderOnly = hex("00 00 02 F0 78");

class ScriptedStsafe {
 public:
  explicit ScriptedStsafe(MockI2cInitiator& mock) {
    EXPECT_CALL(mock, do_transfer)
        .WillRepeatedly([this](uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
          return transfer(address7, tx, rx);
        });
  }

  // The answer to the next command not yet answered, in order.
  void answer(Bytes wire) { pending_.push_back(std::move(wire)); }

  std::vector<Bytes> writes;
  std::vector<size_t> reads;
  std::vector<uint8_t> addresses;

 private:
  hal::I2cResult transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
    addresses.push_back(address7);
    if (!tx.empty()) {
      writes.emplace_back(tx.begin(), tx.end());
      current_.clear();
      if (!pending_.empty()) {
        current_ = std::move(pending_.front());
        pending_.pop_front();
      }
    }
    if (!rx.empty()) {
      reads.push_back(rx.size());
      // No response ready: the chip NACKs its address.
      if (current_.empty()) return hal::I2cResult::kAddressNack;
      std::fill(rx.begin(), rx.end(), uint8_t{0xFF});
      std::copy_n(current_.begin(), std::min(current_.size(), rx.size()), rx.begin());
    }
    return hal::I2cResult::kOk;
  }

  std::deque<Bytes> pending_;
  Bytes current_;
};

}  // namespace kb::test
