// The smallest module on the provider framework: one slot whose read-only
// token holds one data object.  docs/provider.md walks through it.
#include <p11/provider/export.hpp>
#include <p11/provider/read_only_token.hpp>
#include <p11/provider/single_token_module.hpp>

#include <string_view>

namespace {

using namespace p11;
using namespace p11::provider;

class hello_token final : public read_only_token {
public:
    hello_token() : read_only_token("hello") {
        attribute_set greeting;
        greeting.set(attr::cls, object_class::data);
        greeting.set(attr::label, std::string_view("greeting"));
        greeting.set(attr::application, std::string_view("hello"));
        greeting.set(attr::value, bytes_of("Hello, world"));
        add(std::move(greeting));
    }

private:
    static bytes_view bytes_of(std::string_view s) { return {reinterpret_cast<const byte*>(s.data()), s.size()}; }
};

module_config hello_module() {
    return single_token_module<hello_token>({.manufacturer = "Example Inc.",
                                             .library_description = "hello module",
                                             .library_version = {1, 0}});
}

} // namespace

P11_PROVIDER_EXPORT(hello_module())
