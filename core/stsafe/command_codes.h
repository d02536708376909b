#pragma once
// Command codes, extended command codes and query/put subject tags of the STSAFE-A120
// (fact sheet 2.1-2.3), named so that command files read like the fact sheet.
#include <cstdint>

namespace kb::core::stsafe {

namespace command_code {
inline constexpr uint8_t kEcho = 0x00;
inline constexpr uint8_t kReset = 0x01;
inline constexpr uint8_t kGenerateRandom = 0x02;
inline constexpr uint8_t kPutAttribute = 0x10;
inline constexpr uint8_t kQuery = 0x14;
inline constexpr uint8_t kExtended = 0x1F;
}  // namespace command_code

namespace extended_code {
inline constexpr uint8_t kWriteHostKeyV2Plaintext = 0x07;
inline constexpr uint8_t kWriteHostKeyV2Wrapped = 0x08;
}  // namespace extended_code

// Subject tags shared by Query (0x14) and Put attribute (0x10).
namespace attribute_tag {
inline constexpr uint8_t kLifeCycleState = 0x08;
inline constexpr uint8_t kProductData = 0x11;
inline constexpr uint8_t kSymmetricKeyTable = 0x23;
inline constexpr uint8_t kCommandAuthorization = 0x24;
inline constexpr uint8_t kHostKeySlotV2 = 0x47;
inline constexpr uint8_t kHostKeyProvisioningControl = 0x4A;
inline constexpr uint8_t kSymmetricSlotProvisioningControl = 0x4B;
}  // namespace attribute_tag

}  // namespace kb::core::stsafe
