#!/usr/bin/env python
from pusula.manage import main

if __name__ == "__main__":
    main()
