"""budgetlens in the browser: ``streamlit run app.py`` (workspace from ``$BUDGETLENS_HOME``).

The app lives in ``budgetlens.ui``; this file only starts it, under a main guard so that
worker processes the pipeline starts (OCR) never run the app again.
"""

from budgetlens.ui import main

if __name__ == "__main__":
    main()
