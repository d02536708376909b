#pragma once
// Byte-buffer helpers the crypto backend tests share.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <string_view>
#include <vector>

namespace kb::hal::test {

using Buffer = std::vector<uint8_t>;

inline Buffer hex(std::string_view text) {
  Buffer out;
  int high = -1;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    int v =
        std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  EXPECT_EQ(high, -1) << "odd number of hex digits in " << text;
  return out;
}

inline Buffer text(std::string_view s) {
  return Buffer(s.begin(), s.end());
}
inline Buffer repeat(uint8_t byte, size_t n) {
  return Buffer(n, byte);
}
inline Buffer concat(const Buffer& a, const Buffer& b) {
  Buffer out = a;
  out.insert(out.end(), b.begin(), b.end());
  return out;
}
inline Buffer flipped(Buffer b, size_t byte, uint8_t mask = 0x01) {
  b[byte] ^= mask;
  return b;
}

}  // namespace kb::hal::test
