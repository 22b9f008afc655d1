#include "pcsc/connection.hpp"

#include "pcsc/errors.hpp"

namespace p11::pcsc {

namespace {
constexpr DWORD any_protocol = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;
// Room for the largest extended response (65536 data bytes + SW).
constexpr DWORD receive_buffer = 65538;
} // namespace

card::outcome<std::unique_ptr<connection>> connection::open(const context& ctx, const std::string& reader) {
    SCARDHANDLE h = 0;
    DWORD protocol = 0;
    const LONG rc = ctx.calls().connect(ctx.handle(), reader.c_str(), SCARD_SHARE_SHARED, any_protocol, &h, &protocol);
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    return std::unique_ptr<connection>(new connection(&ctx.calls(), h, protocol, reader));
}

connection::~connection() { api_->disconnect(handle_, SCARD_LEAVE_CARD); }

card::outcome<secure_bytes> connection::transmit(card::bytes_view command) {
    // Our own protocol control information, not PCSC-Lite's exported
    // g_rgSCardT*Pci data symbols, which a dlopen user would have to look up too.
    SCARD_IO_REQUEST pci{protocol_, sizeof(SCARD_IO_REQUEST)};
    secure_bytes out(receive_buffer);
    DWORD got = receive_buffer;
    const LONG rc = api_->transmit(handle_, &pci, command.data(), static_cast<DWORD>(command.size()), nullptr,
                                   out.data(), &got);
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    // A dying reader may report success with no bytes: the APDU layer rejects
    // anything shorter than a status word, we only keep within the buffer.
    out.resize(got <= receive_buffer ? got : 0);
    return out;
}

card::outcome<void> connection::begin_transaction() {
    const LONG rc = api_->begin_transaction(handle_);
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    return {};
}

void connection::end_transaction() { api_->end_transaction(handle_, SCARD_LEAVE_CARD); }

card::outcome<void> connection::reconnect(bool reset) {
    DWORD protocol = 0;
    const LONG rc = api_->reconnect(handle_, SCARD_SHARE_SHARED, any_protocol,
                                    reset ? SCARD_RESET_CARD : SCARD_LEAVE_CARD, &protocol);
    if (rc != SCARD_S_SUCCESS) return error_of(rc);
    protocol_ = protocol;
    return {};
}

} // namespace p11::pcsc
