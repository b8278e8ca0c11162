// GCC 13 added std::ios_base_library_init() (GLIBCXX_3.4.32) to libstdc++ and makes every
// translation unit that includes <iostream> reference it. libLibTorchSharp.so (TorchSharp 0.107.0)
// was built that way, so it does not load against Debian 12's libstdc++ (GCC 12, GLIBCXX_3.4.30).
// This stand-in does what the GCC 13 function does: make sure the standard streams are set up.
#include <ios>

namespace std
{
    void ios_base_library_init()
    {
        static ios_base::Init init;
    }
}
