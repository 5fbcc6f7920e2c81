"""The public site's query forms (their parameters are those the page cache declares, already cleaned by
`caching.declared_query`): a value that is no valid choice is left out, never an error page."""
from django import forms

from apps.portal.caching import MAX_PARAMETER_LENGTH


class SearchForm(forms.Form):
    """The home page's search: part of a department's name, a region's code, a year, the page of results."""

    q = forms.CharField(required=False, max_length=MAX_PARAMETER_LENGTH)
    region = forms.RegexField(r"^[0-9]+$", required=False)
    year = forms.IntegerField(min_value=1, max_value=9999, required=False)
    page = forms.IntegerField(required=False)

    def clean_q(self):
        return self.cleaned_data["q"][:50]

    def query(self) -> dict:
        """The valid parameters: q and region ("" when absent or invalid), year and page (None)."""
        self.is_valid()
        data = self.cleaned_data
        return {"q": data.get("q") or "", "region": data.get("region") or "", "year": data.get("year"),
                "page": data.get("page")}


class CompareYearsForm(forms.Form):
    """Two of a department's published years (`from`, `to`)."""

    def __init__(self, data, *, years):
        super().__init__(data)
        for name in ("from", "to"):
            self.fields[name] = forms.TypedChoiceField(choices=[(year, year) for year in years], coerce=int)
