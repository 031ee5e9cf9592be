"""Every form on the site is rendered by the same two templates, styled once in site.css."""

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """Django's form rendering with the site's form and field templates (FORM_RENDERER)."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
