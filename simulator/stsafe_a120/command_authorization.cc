#include "simulator/stsafe_a120/command_authorization.h"

#include <utility>

namespace kb::sim::stsafe_a120 {

std::vector<CommandAuthorization> factory_command_authorizations() {
  static constexpr uint8_t kStandardCodes[] = {0x00, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0A, 0x0E,
                                               0x0F, 0x11, 0x15, 0x16, 0x17, 0x18, 0x1A, 0x1B, 0x1C};
  constexpr uint8_t kLastExtendedCode = 0x1A;
  constexpr uint8_t kDeriveLoraKey = 0x08;  // "reserved, do not modify": the one HOST entry

  std::vector<CommandAuthorization> table;
  for (uint8_t code : kStandardCodes) {
    table.push_back({code, 0, code == kDeriveLoraKey ? AccessCondition::kHost : AccessCondition::kFree, 0});
  }
  for (unsigned ext = 0; ext <= kLastExtendedCode; ++ext) {
    table.push_back({0x1F, static_cast<uint8_t>(ext), AccessCondition::kFree, 0});
  }
  return table;
}

const CommandAuthorization* CommandAccessTable::find(uint8_t code, std::optional<uint8_t> ext_code) const {
  for (const CommandAuthorization& r : records) {
    if (r.code != code) continue;
    if (code != 0x1F || (ext_code && r.ext_code == *ext_code)) return &r;
  }
  return nullptr;
}

CommandAuthorization* CommandAccessTable::find(uint8_t code, std::optional<uint8_t> ext_code) {
  return const_cast<CommandAuthorization*>(std::as_const(*this).find(code, ext_code));
}

std::vector<uint8_t> encode_command_authorizations(uint8_t change_rights,
                                                   const std::vector<CommandAuthorization>& records) {
  std::vector<uint8_t> out{change_rights, static_cast<uint8_t>(records.size())};
  for (const auto& r : records) {
    out.push_back(r.code);
    if (r.code == 0x1F) out.push_back(r.ext_code);
    out.push_back(static_cast<uint8_t>(r.access));
    out.push_back(r.encryption_flags);
  }
  return out;
}

}  // namespace kb::sim::stsafe_a120
