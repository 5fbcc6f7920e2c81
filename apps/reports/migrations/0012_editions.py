"""Table orders become editions of the public document: classic → henan-2021, central_2023 → central-2023."""
from django.db import migrations, models

import apps.reports.editions

EDITION_OF_ORDER = {"classic": "henan-2021", "central_2023": "central-2023"}
ORDER_OF_EDITION = {edition: order for order, edition in EDITION_OF_ORDER.items()}


def orders_to_editions(apps, schema_editor):
    for model in ("Report", "FiscalYear"):
        Model = apps.get_model("reports", model)
        for order, edition in EDITION_OF_ORDER.items():
            Model.objects.filter(table_order=order).update(edition=edition)


def editions_to_orders(apps, schema_editor):
    for model in ("Report", "FiscalYear"):
        Model = apps.get_model("reports", model)
        for edition, order in ORDER_OF_EDITION.items():
            Model.objects.filter(edition=edition).update(table_order=order)


def edition_field(help_text):
    return models.CharField("公开模板版式", max_length=40, choices=apps.reports.editions.choices,
                            default="henan-2021", help_text=help_text)


class Migration(migrations.Migration):
    dependencies = [("reports", "0011_data_version"), ("accounts", "0001_initial")]

    operations = [
        migrations.AddField("report", "edition", edition_field(
            "报表的表格、表头、附注与情况说明按此版式；建立时确定，公开后不再改变")),
        migrations.AddField("fiscalyear", "edition", edition_field(
            "本年度新建的部门决算默认采用的版式（地区另有选择的，按地区的选择）")),
        migrations.RunPython(orders_to_editions, editions_to_orders),
        migrations.RemoveField("report", "table_order"),
        migrations.RemoveField("fiscalyear", "table_order"),
        migrations.CreateModel(
            name="EditionChoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("fiscal_year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("edition", models.CharField(choices=apps.reports.editions.choices, max_length=40,
                                             verbose_name="公开模板版式")),
                ("region", models.ForeignKey(on_delete=models.deletion.CASCADE, related_name="edition_choices",
                                             to="accounts.region", verbose_name="行政区划")),
            ],
            options={"verbose_name": "地区版式选择", "verbose_name_plural": "地区版式选择",
                     "ordering": ["region__code", "-fiscal_year"],
                     "constraints": [models.UniqueConstraint(fields=("region", "fiscal_year"),
                                                             name="edition_choice_unique")]},
        ),
    ]
